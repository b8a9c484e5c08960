import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError, type ConnectorAction } from '../api/client';
import type { AuditEvent, Connector, ConnectorRuntimeStatus, ConnectorState, KafkaInstance } from '../api/types';
import { StatusBadge } from '../connectors/StatusBadge';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import {
  allowedActions, canResetOffsets, CONFIRMED, DEPLOY_ERROR_KEY, lagRows, maskSecrets, PENDING_ACTION_KEY, TARGET_STATE,
} from './actions';
import { PreviewPanel } from './PreviewPanel';
import { SendMessagePanel } from './SendMessagePanel';

export type DetailTab = 'overview' | 'test' | 'preview' | 'config' | 'audit';
const TABS: Array<[DetailTab, MessageKey]> = [
  ['overview', 'detail.overview'], ['test', 'detail.test'], ['preview', 'detail.preview'],
  ['config', 'detail.config'], ['audit', 'detail.audit'],
];
const POLL_MS = 3000;
const ACTION_TIMEOUT_S = 180;

interface Props {
  instance: KafkaInstance;
  name: string;
  tab: DetailTab;
  onTab: (tab: DetailTab) => void;
  onBack: () => void;
}

interface Progress {
  action: ConnectorAction;
  target: ConnectorState;
  started: number;
  outcome?: 'done' | 'timeout';
}

type Pending = { kind: 'action'; action: ConnectorAction } | { kind: 'delete' } | { kind: 'resetOffsets' };

export function ConnectorDetail({ instance, name, tab, onTab, onBack }: Props) {
  const instanceId = instance.id;
  const { t } = useI18n();
  const [connector, setConnector] = useState<Connector | null>(null);
  const [runtime, setRuntime] = useState<ConnectorRuntimeStatus | null>(null);
  const [runtimeMissing, setRuntimeMissing] = useState(false);
  const [error, setError] = useState<string | null>(() => takeFromSession(DEPLOY_ERROR_KEY));
  const [progress, setProgress] = useState<Progress | null>(() => {
    const pending = JSON.parse(takeFromSession(PENDING_ACTION_KEY) ?? 'null') as { name: string; action: ConnectorAction } | null;
    return pending?.name === name ? { action: pending.action, target: TARGET_STATE[pending.action], started: Date.now() } : null;
  });
  const [notice, setNotice] = useState<string | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [deleteResources, setDeleteResources] = useState(false);
  useEffect(() => {
    sessionStorage.removeItem(DEPLOY_ERROR_KEY);
    sessionStorage.removeItem(PENDING_ACTION_KEY);
  }, []);
  const progressRef = useRef(progress);
  progressRef.current = progress;

  const refresh = useCallback(async () => {
    try {
      const c = await api.connector(instanceId, name);
      setConnector(c);
      let state: ConnectorState = c.status;
      try {
        const s = await api.status(instanceId, name);
        setRuntime(s);
        setRuntimeMissing(false);
        state = s.state ?? state;
      } catch (e) {
        if (e instanceof ApiError && e.status === 404) setRuntimeMissing(true);
      }
      const p = progressRef.current;
      if (p && !p.outcome) {
        if (state === p.target) setProgress({ ...p, outcome: 'done' });
        else if (Date.now() - p.started > ACTION_TIMEOUT_S * 1000) setProgress({ ...p, outcome: 'timeout' });
      }
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }, [instanceId, name]);

  // State and tasks refresh on their own; faster while an action is under way.
  useEffect(() => {
    void refresh();
    const busy = progress && !progress.outcome;
    const timer = setInterval(() => void refresh(), busy ? 1000 : POLL_MS);
    return () => clearInterval(timer);
  }, [refresh, progress]);

  const run = async (action: ConnectorAction) => {
    setPending(null);
    setError(null);
    try {
      await api.action(instanceId, name, action);
      setProgress({ action, target: TARGET_STATE[action], started: Date.now() });
      void refresh();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  const resetOffsets = async () => {
    setPending(null);
    setError(null);
    try {
      await api.resetOffsets(instanceId, name);
      setNotice(t('action.offsetsReset'));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  const remove = async () => {
    setPending(null);
    try {
      await api.remove(instanceId, name, deleteResources);
      onBack();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  if (!connector) {
    return <p>{error ? <span className="banner banner-error" role="alert">{error}</span> : t('common.loading')}</p>;
  }
  const state: ConnectorState = runtime?.state ?? connector.status;
  const actionLabel = (a: ConnectorAction) => t(`action.${a}` as MessageKey);
  const stateLabel = (s: string) => t(`status.${s}` as MessageKey);

  return (
    <section aria-labelledby="detail-title">
      <button type="button" className="link-button" onClick={onBack}>← {t('detail.back')}</button>
      <div className="page-head">
        <h1 id="detail-title">{connector.name} <StatusBadge state={state} /></h1>
        <div className="action-bar">
          {allowedActions(state).map((a) => (
            <button key={a} type="button" data-action={a} disabled={!!progress && !progress.outcome}
              onClick={() => (CONFIRMED.has(a) ? setPending({ kind: 'action', action: a }) : void run(a))}>
              {actionLabel(a)}
            </button>
          ))}
          {canResetOffsets(state) && (
            <button type="button" data-action="reset-offsets" onClick={() => setPending({ kind: 'resetOffsets' })}>
              {t('action.resetOffsets')}
            </button>
          )}
          <button type="button" className="danger" data-action="delete" onClick={() => setPending({ kind: 'delete' })}>
            {t('action.delete')}
          </button>
        </div>
      </div>
      {progress && (
        <div className={`banner ${progress.outcome === 'timeout' ? 'banner-error' : 'banner-info'}`} role="status"
          data-progress={progress.outcome ?? 'waiting'}>
          {!progress.outcome && <span className="spinner" aria-hidden="true" />}
          {t(progress.outcome === 'done' ? 'action.done' : progress.outcome === 'timeout' ? 'action.timeout' : 'action.waiting', {
            action: actionLabel(progress.action), state: stateLabel(progress.outcome === 'timeout' ? state : progress.target),
            seconds: ACTION_TIMEOUT_S,
          })}
        </div>
      )}
      {error && <div className="banner banner-error" role="alert">{error}</div>}
      {notice && <div className="banner banner-success" role="status">{notice}</div>}
      <div className="tabs" role="tablist">
        {TABS.map(([key, label]) => (
          <button key={key} type="button" role="tab" aria-selected={tab === key} className={tab === key ? 'tab tab-on' : 'tab'}
            onClick={() => onTab(key)}>{t(label)}</button>
        ))}
      </div>
      <div role="tabpanel" className="tab-panel">
        {tab === 'overview' && <Overview runtime={runtime} missing={runtimeMissing} state={state} />}
        {tab === 'test' && <SendMessagePanel instanceId={instanceId} connector={connector} instance={instance} />}
        {tab === 'preview' && <PreviewPanel instanceId={instanceId} connector={connector} />}
        {tab === 'config' && <pre className="config" data-testid="config">{JSON.stringify(maskSecrets({
          name: connector.name, description: connector.description, source: connector.source, destination: connector.destination,
        }), null, 2)}</pre>}
        {tab === 'audit' && <AuditList target={`instances/${instanceId}/connectors/${name}`} />}
      </div>
      {pending && (
        <div className="modal-backdrop">
          <div className="modal" role="dialog" aria-modal="true" aria-labelledby="confirm-title">
            <h2 id="confirm-title">{t('confirm.title')}</h2>
            <p>{pending.kind === 'action' ? t(`confirm.${pending.action}` as MessageKey, { name }) : t(`confirm.${pending.kind}`, { name })}</p>
            {pending.kind === 'delete' && (
              <label className="check">
                <input type="checkbox" checked={deleteResources} onChange={(e) => setDeleteResources(e.target.checked)} />
                {t('confirm.deleteResources')}
              </label>
            )}
            <div className="actions">
              <button type="button" onClick={() => setPending(null)}>{t('confirm.cancel')}</button>
              <button type="button" className={pending.kind === 'delete' ? 'danger' : 'primary'}
                onClick={() => void (pending.kind === 'delete' ? remove() : pending.kind === 'resetOffsets' ? resetOffsets()
                  : run(pending.action))}>{t('confirm.ok')}</button>
            </div>
          </div>
        </div>
      )}
    </section>
  );
}

/** Whole seconds from an instant to now, as the status was known then. */
function secondsSince(instant: string): number {
  return Math.max(0, Math.round((Date.now() - Date.parse(instant)) / 1000));
}

/** Read in a state initializer (which React may call twice) and removed by an effect once the page is shown. */
function takeFromSession(key: string): string | null {
  return sessionStorage.getItem(key);
}

function Overview({ runtime, missing, state }: { runtime: ConnectorRuntimeStatus | null; missing: boolean; state: ConnectorState }) {
  const { t } = useI18n();
  const lag = lagRows(runtime?.lag);
  return (
    <div className="overview">
      <dl className="facts">
        <dt>{t('detail.state')}</dt><dd><StatusBadge state={state} /></dd>
        {runtime?.observedAt && <><dt>{t('detail.observed')}</dt>
          <dd data-testid="observed">{t('detail.secondsAgo', { seconds: secondsSince(runtime.observedAt) })}</dd></>}
        {runtime?.recordsPerSecond != null && <><dt>{t('detail.recordsPerSecond')}</dt>
          <dd>{runtime.recordsPerSecond.toFixed(1)}</dd></>}
        {runtime?.totalLag != null && <><dt>{t('detail.totalLag')}</dt><dd>{runtime.totalLag}</dd></>}
      </dl>
      {missing && <p className="muted">{t('detail.statusUnavailable')}</p>}
      {(runtime?.conditions ?? []).filter((c) => c.status === 'False').map((c) => (
        <div key={`${c.type}${c.message}`} className="banner banner-warning" data-condition={c.type}>
          {c.type}: {c.reason} {c.message}
        </div>
      ))}
      {runtime?.trace && <pre className="trace">{runtime.trace}</pre>}
      <h2>{t('detail.tasks')}</h2>
      {runtime?.tasks?.length ? (
        <div className="table-wrap">
          <table className="table">
            <thead><tr><th>{t('detail.task')}</th><th>{t('detail.state')}</th><th>{t('detail.node')}</th><th>{t('detail.trace')}</th></tr></thead>
            <tbody>
              {runtime.tasks.map((task) => (
                <tr key={task.id} data-task={task.id}>
                  <td data-label={t('detail.task')}>{task.id}</td>
                  <td data-label={t('detail.state')}><StatusBadge state={task.state} /></td>
                  <td data-label={t('detail.node')}>{task.node ?? task.workerId}</td>
                  <td data-label={t('detail.trace')}>{task.trace ? <details><summary>{task.trace.split('\n')[0]}</summary>
                    <pre className="trace">{task.trace}</pre></details> : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : <p className="muted">{t('detail.noTasks')}</p>}
      {runtime?.nodes?.length ? (
        <>
          <h2>{t('detail.nodes')}</h2>
          <div className="table-wrap">
            <table className="table">
              <thead><tr><th>{t('detail.node')}</th><th>{t('detail.host')}</th><th>{t('detail.live')}</th><th>{t('detail.state')}</th>
                <th>{t('detail.pid')}</th><th>{t('detail.restarts')}</th><th>{t('detail.reported')}</th>
                <th>{t('detail.heartbeat')}</th></tr></thead>
              <tbody>
                {runtime.nodes.map((n) => (
                  <tr key={n.id} data-node={n.id}>
                    <td data-label={t('detail.node')}>{n.id}</td>
                    <td data-label={t('detail.host')}>{n.host}</td>
                    <td data-label={t('detail.live')}>{t(n.live ? 'option.yes' : 'option.no')}</td>
                    <td data-label={t('detail.state')}>{n.state ? <StatusBadge state={n.state} /> : ''}</td>
                    <td data-label={t('detail.pid')}>{n.worker?.pid ?? ''}</td>
                    <td data-label={t('detail.restarts')}>{n.worker?.restarts ?? ''}</td>
                    <td data-label={t('detail.reported')}>{n.reportedAt ? new Date(n.reportedAt).toLocaleTimeString() : ''}</td>
                    <td data-label={t('detail.heartbeat')} data-late={n.late ? 'true' : 'false'}>
                      {n.heartbeatAgeSeconds != null ? t('detail.secondsAgo', { seconds: n.heartbeatAgeSeconds.toFixed(1) }) : ''}
                      {n.late && <> <span className="badge badge-late">{t('detail.late')}</span></>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
      <h2>{t('detail.lag')}</h2>
      {lag.length ? (
        <table className="table narrow">
          <thead><tr><th>{t('detail.partition')}</th><th>{t('detail.lagValue')}</th></tr></thead>
          <tbody>{lag.map((l) => <tr key={l.partition}><td>{l.partition}</td><td>{l.lag}</td></tr>)}</tbody>
        </table>
      ) : <p className="muted">{t('detail.noLag')}</p>}
    </div>
  );
}

function AuditList({ target }: { target: string }) {
  const { t } = useI18n();
  const [events, setEvents] = useState<AuditEvent[] | null>(null);
  useEffect(() => {
    api.audit(target).then((p) => setEvents(p.items), () => setEvents([]));
  }, [target]);
  if (!events) return <p>{t('common.loading')}</p>;
  if (!events.length) return <p className="muted">{t('audit.empty')}</p>;
  return (
    <div className="table-wrap">
      <table className="table audit">
        <thead><tr><th>{t('audit.when')}</th><th>{t('audit.actor')}</th><th>{t('audit.action')}</th><th>{t('audit.details')}</th></tr></thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.id}>
              <td data-label={t('audit.when')}>{new Date(e.occurredAt).toLocaleString()}</td>
              <td data-label={t('audit.actor')}>{e.actor}</td>
              <td data-label={t('audit.action')}>{e.action}</td>
              <td data-label={t('audit.details')}><code>{JSON.stringify(maskSecrets(e.details))}</code></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
