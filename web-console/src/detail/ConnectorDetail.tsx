import { useEffect, useState } from 'react';
import { ApiError } from '../api/client';
import {
  type ConnectorAction, useConnector, useConnectorAction, useConnectorStatus, useDeleteConnector, useResetOffsets,
} from '../api/hooks';
import type { ConnectorState, KafkaInstance } from '../api/model';
import { StatusBadge } from '../connectors/StatusBadge';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { allowedActions, canDelete, canResetOffsets, CONFIRMED, DEPLOY_ERROR_KEY, maskSecrets, PENDING_ACTION_KEY } from './actions';
import { AuditList } from './AuditList';
import { DeletedResources } from './DeletedResources';
import { FailedRecordsPanel } from './FailedRecordsPanel';
import { Overview } from './Overview';
import { PreviewPanel } from './PreviewPanel';
import { SendMessagePanel } from './SendMessagePanel';
import { WorkerLogPanel } from './WorkerLogPanel';
import { ACTION_TIMEOUT_S, useActionProgress } from './useActionProgress';

export type DetailTab = 'overview' | 'test' | 'preview' | 'failed' | 'logs' | 'config' | 'audit';
const TABS: Array<[DetailTab, MessageKey]> = [
  ['overview', 'detail.overview'], ['test', 'detail.test'], ['preview', 'detail.preview'], ['failed', 'failed.tab'], ['logs', 'logs.tab'],
  ['config', 'detail.config'], ['audit', 'detail.audit'],
];

interface Props {
  instance: KafkaInstance;
  name: string;
  tab: DetailTab;
  onTab: (tab: DetailTab) => void;
  onBack: () => void;
}

type Pending = { kind: 'action'; action: ConnectorAction } | { kind: 'delete' } | { kind: 'resetOffsets' };

export function ConnectorDetail({ instance, name, tab, onTab, onBack }: Props) {
  const instanceId = instance.id;
  const { t } = useI18n();
  const connectorQuery = useConnector(instanceId, name);
  const [deployError] = useState(() => sessionStorage.getItem(DEPLOY_ERROR_KEY));
  const connector = connectorQuery.data;
  const [statusKnown, setStatusKnown] = useState<ConnectorState | undefined>(undefined);
  const { progress, busy, start } = useActionProgress(name, statusKnown);
  const statusQuery = useConnectorStatus(instanceId, name, busy);
  const runtime = statusQuery.data;
  const runtimeMissing = statusQuery.error instanceof ApiError && statusQuery.error.status === 404;
  // DELETING is the control plane's, not the workers': it wins over the runtime state while the delete finishes
  const state: ConnectorState | undefined = connector?.status === 'DELETING' ? 'DELETING' : runtime?.state ?? connector?.status;
  useEffect(() => setStatusKnown(state), [state]);

  const actions = useConnectorAction(instanceId);
  const reset = useResetOffsets(instanceId);
  const removal = useDeleteConnector(instanceId);
  const [notice, setNotice] = useState<string | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [deleteResources, setDeleteResources] = useState(false);
  useEffect(() => {
    sessionStorage.removeItem(DEPLOY_ERROR_KEY);
    sessionStorage.removeItem(PENDING_ACTION_KEY);
  }, []);

  const run = (action: ConnectorAction) => {
    setPending(null);
    actions.mutate({ name, action }, { onSuccess: () => start(action) });
  };
  const resetOffsets = () => {
    setPending(null);
    reset.mutate(name, { onSuccess: () => setNotice(t('action.offsetsReset')) });
  };
  const remove = () => {
    setPending(null);
    removal.mutate({ name, deleteResources }, { onSuccess: onBack });
  };

  const error = [actions.error, reset.error, removal.error, connectorQuery.error].find((e) => e)?.message ?? deployError;
  if (!connector || !state) {
    return <p>{error ? <span className="banner banner-error" role="alert">{error}</span> : t('common.loading')}</p>;
  }
  const actionLabel = (a: ConnectorAction) => t(`action.${a}` as MessageKey);
  const stateLabel = (s: string) => t(`status.${s}` as MessageKey);

  return (
    <section aria-labelledby="detail-title">
      <button type="button" className="link-button" onClick={onBack}>← {t('detail.back')}</button>
      <div className="page-head">
        <h1 id="detail-title">{connector.name} <StatusBadge state={state} /></h1>
        <div className="action-bar">
          {allowedActions(state).map((a) => (
            <button key={a} type="button" data-action={a} disabled={busy || actions.isPending}
              onClick={() => (CONFIRMED.has(a) ? setPending({ kind: 'action', action: a }) : run(a))}>
              {actionLabel(a)}
            </button>
          ))}
          {state !== 'DELETING' && (
            <>
              <button type="button" data-action="edit"
                onClick={() => { window.location.hash = `/connectors/${encodeURIComponent(name)}/edit`; }}>{t('detail.edit')}</button>
              <button type="button" data-action="clone"
                onClick={() => { window.location.hash = `/connectors/${encodeURIComponent(name)}/clone`; }}>{t('detail.clone')}</button>
            </>
          )}
          {canResetOffsets(state) && (
            <button type="button" data-action="reset-offsets" onClick={() => setPending({ kind: 'resetOffsets' })}>
              {t('action.resetOffsets')}
            </button>
          )}
          {canDelete(state) && (
            <button type="button" className="danger" data-action="delete" onClick={() => setPending({ kind: 'delete' })}>
              {t('action.delete')}
            </button>
          )}
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
        {tab === 'overview' && <Overview instanceId={instanceId} name={name} runtime={runtime} missing={runtimeMissing}
          state={state} />}
        {tab === 'test' && <SendMessagePanel instanceId={instanceId} connector={connector} instance={instance} />}
        {tab === 'preview' && <PreviewPanel instanceId={instanceId} connector={connector} />}
        {tab === 'failed' && <FailedRecordsPanel instanceId={instanceId} name={name} metrics={runtime?.metrics} />}
        {tab === 'logs' && <WorkerLogPanel instanceId={instanceId} name={name} />}
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
            {pending.kind === 'delete' && deleteResources && <DeletedResources connector={connector} />}
            <div className="actions">
              <button type="button" onClick={() => setPending(null)}>{t('confirm.cancel')}</button>
              <button type="button" className={pending.kind === 'delete' ? 'danger' : 'primary'}
                onClick={() => (pending.kind === 'delete' ? remove() : pending.kind === 'resetOffsets' ? resetOffsets()
                  : run(pending.action))}>{t('confirm.ok')}</button>
            </div>
          </div>
        </div>
      )}
    </section>
  );
}
