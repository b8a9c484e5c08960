import type { ConnectorRuntimeStatus, ConnectorState } from '../api/model';
import { StatusBadge } from '../connectors/StatusBadge';
import { useI18n } from '../i18n/i18n';
import { lagRows } from './actions';
import { failureCause } from './failure';
import { FailureCause } from './FailureCause';
import { DestinationBanner } from './metrics/DestinationBanner';
import { MetricsCharts } from './metrics/MetricsChart';

/** Whole seconds from an instant to now, as the status was known then. */
function secondsSince(instant: string): number {
  return Math.max(0, Math.round((Date.now() - Date.parse(instant)) / 1000));
}

/** State, rates, conditions, tasks, nodes and lag of a connector, as its status reports them. */
export function Overview({ instanceId, name, runtime, missing, state }: {
  instanceId: string; name: string; runtime: ConnectorRuntimeStatus | undefined; missing: boolean; state: ConnectorState;
}) {
  const { t, formatTime } = useI18n();
  const lag = lagRows(runtime?.lag);
  return (
    <div className="overview">
      {runtime?.trace && <FailureCause label={t('detail.connectorFailed')} trace={runtime.trace} />}
      {(runtime?.tasks ?? []).filter((task) => task.trace).map((task) => (
        <FailureCause key={task.id} label={t('detail.taskFailed', { id: task.id })} trace={task.trace!} />
      ))}
      <dl className="facts">
        <dt>{t('detail.state')}</dt><dd><StatusBadge state={state} /></dd>
        {runtime?.observedAt && <><dt>{t('detail.observed')}</dt>
          <dd data-testid="observed">{t('detail.secondsAgo', { seconds: secondsSince(runtime.observedAt) })}</dd></>}
        {runtime?.recordsPerSecond != null && <><dt>{t('detail.recordsPerSecond')}</dt>
          <dd>{runtime.recordsPerSecond.toFixed(1)}</dd></>}
        {runtime?.totalLag != null && <><dt>{t('detail.totalLag')}</dt><dd>{runtime.totalLag}</dd></>}
      </dl>
      {missing && <p className="muted">{t('detail.statusUnavailable')}</p>}
      <DestinationBanner metrics={runtime?.metrics} />
      {runtime?.nodes.length ? <MetricsCharts instanceId={instanceId} name={name} /> : null}
      {(runtime?.conditions ?? []).filter((c) => c.status === 'False').map((c) => (
        <div key={`${c.type}${c.message}`} className="banner banner-warning" data-condition={c.type}>
          {c.type}: {c.reason} {c.message}
        </div>
      ))}
      <h2>{t('detail.tasks')}</h2>
      {runtime?.tasks.length ? (
        <div className="table-wrap">
          <table className="table">
            <thead><tr><th>{t('detail.task')}</th><th>{t('detail.state')}</th><th>{t('detail.node')}</th><th>{t('detail.trace')}</th></tr></thead>
            <tbody>
              {runtime.tasks.map((task) => (
                <tr key={task.id} data-task={task.id}>
                  <td data-label={t('detail.task')}>{task.id}</td>
                  <td data-label={t('detail.state')}><StatusBadge state={task.state} /></td>
                  <td data-label={t('detail.node')}>{task.node}</td>
                  <td data-label={t('detail.trace')}>{task.trace ? failureCause(task.trace) : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : <p className="muted">{t('detail.noTasks')}</p>}
      {runtime?.nodes.length ? (
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
                    <td data-label={t('detail.reported')}>{n.reportedAt ? formatTime(n.reportedAt) : ''}</td>
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
