import type { ScheduleSettings } from './api';
import { useSyncJobs } from './hooks';
import { useSyncText } from './messages';

export function describeSchedule(s: ScheduleSettings, t: ReturnType<typeof useSyncText>): string {
  switch (s.type) {
    case 'MINUTE': case 'HOUR': return `${t(`schedule.${s.type}`)} ×${s.interval} ${s.startTime}–${s.endTime}`;
    case 'DAY': return `${t('schedule.DAY')} ${s.time}`;
    case 'WEEK': return `${t('schedule.WEEK')} ${(s.daysOfWeek ?? []).join(',')} ${s.time}`;
    case 'MONTH': return `${t('schedule.MONTH')} ${(s.daysOfMonth ?? []).join(',')} ${s.time}`;
    default: return '';
  }
}

/** The instance's sync jobs: schedule, last run with its state, next run; refreshed as runs progress. */
export function SyncJobList({ instanceId, onOpen, onCreate }: { instanceId: string; onOpen: (name: string) => void; onCreate: () => void }) {
  const t = useSyncText();
  const jobs = useSyncJobs(instanceId);
  const page = jobs.data;
  const error = jobs.error?.message;

  return (
    <section>
      <div className="page-head">
        <h1>{t('list.title')}</h1>
        <button type="button" className="primary" onClick={onCreate}>{t('list.create')}</button>
      </div>
      {error && <div className="banner banner-error" role="alert">{error}</div>}
      {page && page.items.length === 0 && <p className="empty">{t('list.empty')}</p>}
      {page && page.items.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <thead><tr><th>{t('list.name')}</th><th>{t('list.topic')}</th><th>{t('list.table')}</th><th>{t('list.schedule')}</th>
              <th>{t('list.lastRun')}</th><th>{t('list.nextRun')}</th></tr></thead>
            <tbody>{page.items.map((job) => (
              <tr key={job.name} data-job={job.name}>
                <td><button type="button" className="link-button" onClick={() => onOpen(job.name)}>{job.name}</button></td>
                <td>{job.source.topic}</td>
                <td>{job.destination.project}.{job.destination.table}</td>
                <td>{describeSchedule(job.schedule, t)}</td>
                <td>{job.lastRun ? <span className={`badge run-${job.lastRun.state.toLowerCase()}`}>
                  {t(`state.${job.lastRun.state}`)} {job.lastRun.partition}</span> : '—'}</td>
                <td>{job.enabled ? job.nextRuns[0]?.scheduledTime ?? '—' : t('list.paused')}</td>
              </tr>
            ))}</tbody>
          </table>
        </div>
      )}
    </section>
  );
}
