import { useState } from 'react';
import { ApiError } from '../api/client';
import type { SyncJob } from './api';
import { useSyncJob, useSyncJobActions, useSyncRuns } from './hooks';
import { describeSchedule } from './SyncJobList';
import { useSyncText } from './messages';
import { byField, fieldId } from './SyncField';

/** One job: its next windows, run history with the rerun action, trial run, target table, pause/resume, delete. */
export function SyncJobDetail({ instanceId, name, onBack }: { instanceId: string; name: string; onBack: () => void }) {
  const t = useSyncText();
  const job = useSyncJob(instanceId, name).data;
  const runs = useSyncRuns(instanceId, name).data;
  const actions = useSyncJobActions(instanceId, name);
  const [trialOpen, setTrialOpen] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const table = actions.targetTable.data;
  const error = [actions.setEnabled, actions.remove, actions.rerun, actions.targetTable].find((m) => m.error)?.error?.message;

  if (!job) return <p className="muted">{error ?? '…'}</p>;
  return (
    <section data-testid="sync-job-detail">
      <div className="page-head">
        <h1><button type="button" className="link-button" onClick={onBack}>{t('detail.back')}</button> / {job.name}</h1>
        <div className="row-actions">
          <button type="button" onClick={() => setTrialOpen(true)}>{t('detail.trialRun')}</button>
          <button type="button" onClick={() => actions.targetTable.mutate(false)}>
            {t('detail.targetTable')}</button>
          <button type="button" onClick={() => actions.setEnabled.mutate(!job.enabled)}>
            {t(job.enabled ? 'detail.pause' : 'detail.resume')}</button>
          <button type="button" className="danger" onClick={() => setConfirmDelete(true)}>{t('detail.delete')}</button>
        </div>
      </div>
      {error && <div className="banner banner-error" role="alert">{error}</div>}
      <p>{job.source.topic} → {job.destination.project}.{job.destination.table} ({job.destination.partition}) · {describeSchedule(job.schedule, t)}
        {!job.enabled && <> · {t('list.paused')}</>}</p>
      {table && (
        <div className="target-table" data-testid="target-table">
          <pre>{table.sql}</pre>
          {table.created ? <p className="banner banner-info">{t('detail.tableCreated', { table: table.table })}</p>
            : <button type="button" onClick={() => actions.targetTable.mutate(true)}>
              {t('detail.createTable')}</button>}
        </div>
      )}
      <h2>{t('detail.next')}</h2>
      <ul>{job.nextRuns.map((w) => <li key={w.scheduledTime}>{w.scheduledTime}: {w.windowStart} → {w.windowEnd} · {w.partition}</li>)}</ul>
      <h2>{t('detail.runs')}</h2>
      <div className="table-wrap">
        <table className="table" data-testid="run-history">
          <thead><tr><th>{t('run.id')}</th><th>{t('run.trigger')}</th><th>{t('run.window')}</th><th>{t('run.partition')}</th>
            <th>{t('run.state')}</th><th>{t('run.records')}</th><th>{t('run.late')}</th><th>{t('run.duration')}</th><th>{t('run.error')}</th><th /></tr></thead>
          <tbody>{(runs?.items ?? []).map((run) => (
            <tr key={run.id} data-run={run.id}>
              <td>{run.id}</td>
              <td>{run.trigger}</td>
              <td>{run.windowStart} → {run.windowEnd}</td>
              <td>{run.partition}</td>
              <td><span className={`badge run-${run.state.toLowerCase()}`}>{t(`state.${run.state}`)}</span>
                <div className="muted">{t('run.attempt', { attempt: run.attempt, max: run.maxAttempts })}</div></td>
              <td>{run.recordsRead ?? '—'} / {run.recordsWritten ?? '—'}</td>
              <td>{run.lateRecords}</td>
              <td>{run.durationMillis != null ? `${(run.durationMillis / 1000).toFixed(1)} s` : '—'}</td>
              <td className="error-text">{run.error}</td>
              <td>{run.state !== 'WAITING' && run.state !== 'RUNNING' && run.windowStart && (
                <button type="button" className="small" onClick={() => actions.rerun.mutate(run.id)}>{t('run.rerun')}</button>)}</td>
            </tr>
          ))}</tbody>
        </table>
      </div>
      {trialOpen && <TrialRunDialog instanceId={instanceId} job={job} onClose={() => setTrialOpen(false)} />}
      {confirmDelete && (
        <div className="modal-backdrop">
          <div className="modal" role="dialog" aria-modal="true" aria-labelledby="confirm-delete-title">
            <h2 id="confirm-delete-title">{t('delete.title')}</h2>
            <p>{t('delete.confirm', { name: job.name, group: job.source.consumerGroup ?? '' })}</p>
            <div className="actions">
              <button type="button" onClick={() => setConfirmDelete(false)}>{t('delete.cancel')}</button>
              <button type="button" className="danger"
                onClick={() => actions.remove.mutate(undefined, { onSuccess: onBack })}>{t('detail.delete')}</button>
            </div>
          </div>
        </div>
      )}
    </section>
  );
}

/** Seed 002's "run with parameters": a value for each parameter the job uses. */
export function TrialRunDialog({ instanceId, job, onClose }: { instanceId: string; job: SyncJob; onClose: () => void }) {
  const t = useSyncText();
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(Object.keys(job.parameters).map((k) => [k, ''])));
  const [scheduledTime, setScheduledTime] = useState('');
  const trial = useSyncJobActions(instanceId, job.name).trialRun;
  const started = trial.data;
  const errors: Record<string, string[]> = !trial.error ? {}
    : trial.error instanceof ApiError ? byField(trial.error.errors) : { '': [trial.error.message] };

  const run = () => {
    const given = Object.fromEntries(Object.entries(values).filter(([, v]) => v.trim() !== ''));
    trial.mutate({ parameters: given, scheduledTime: scheduledTime || undefined });
  };
  return (
    <div className="dialog" role="dialog" aria-label={t('trial.title')}>
      <h2>{t('trial.title')}</h2>
      <p className="field-help">{t('trial.help')}</p>
      {Object.keys(values).map((name) => (
        <div key={name} className="field" data-field={`parameters.${name}`}>
          <label htmlFor={fieldId(`trial.${name}`)}>{name}</label>
          <div className="field-control">
            <input id={fieldId(`trial.${name}`)} value={values[name]} placeholder={job.parameters[name]}
              onChange={(e) => setValues({ ...values, [name]: e.target.value })} />
            {(errors[`parameters.${name}`] ?? []).map((m) => <div key={m} className="field-error" role="alert">{m}</div>)}
          </div>
        </div>
      ))}
      <div className="field">
        <label htmlFor={fieldId('trial.scheduledTime')}>{t('trial.scheduledTime')}</label>
        <div className="field-control"><input id={fieldId('trial.scheduledTime')} value={scheduledTime} placeholder="2022-11-22T10:05:00"
          onChange={(e) => setScheduledTime(e.target.value)} /></div>
      </div>
      {Object.entries(errors).filter(([k]) => !k.startsWith('parameters.')).flatMap(([, ms]) => ms)
        .map((m) => <div key={m} className="banner banner-error" role="alert">{m}</div>)}
      {started && <p className="banner banner-info" data-testid="trial-started">{started.windowStart} → {started.windowEnd} · {started.partition}</p>}
      <div className="row-actions">
        <button type="button" className="primary" onClick={run}>{t('trial.run')}</button>
        <button type="button" onClick={onClose}>{t('trial.close')}</button>
      </div>
    </div>
  );
}
