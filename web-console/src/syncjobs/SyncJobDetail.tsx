import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../api/client';
import type { Page } from '../api/types';
import { syncApi, type SyncJob, type SyncRun, type TargetTable } from './api';
import { describeSchedule } from './SyncJobList';
import { useSyncText } from './messages';
import { byField, fieldId } from './SyncField';

const REFRESH_MS = 3000;

/** One job: its next windows, run history with the rerun action, trial run, target table, pause/resume, delete. */
export function SyncJobDetail({ instanceId, name, onBack }: { instanceId: string; name: string; onBack: () => void }) {
  const t = useSyncText();
  const [job, setJob] = useState<SyncJob | null>(null);
  const [runs, setRuns] = useState<Page<SyncRun> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [trialOpen, setTrialOpen] = useState(false);
  const [table, setTable] = useState<TargetTable | null>(null);
  const [tick, setTick] = useState(0);
  const refresh = useCallback(() => setTick((n) => n + 1), []);

  useEffect(() => {
    const timer = setInterval(refresh, REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh]);
  useEffect(() => {
    let current = true;
    Promise.all([syncApi.get(instanceId, name), syncApi.runs(instanceId, name)])
      .then(([j, r]) => { if (current) { setJob(j); setRuns(r); } }, (e: Error) => current && setError(e.message));
    return () => { current = false; };
  }, [instanceId, name, tick]);

  const act = (action: () => Promise<unknown>) => action().then(refresh, (e: Error) => setError(e.message));

  if (!job) return <p className="muted">{error ?? '…'}</p>;
  return (
    <section data-testid="sync-job-detail">
      <div className="page-head">
        <h1><button type="button" className="link-button" onClick={onBack}>{t('detail.back')}</button> / {job.name}</h1>
        <div className="row-actions">
          <button type="button" onClick={() => setTrialOpen(true)}>{t('detail.trialRun')}</button>
          <button type="button" onClick={() => syncApi.targetTable(instanceId, name, false).then(setTable, (e: Error) => setError(e.message))}>
            {t('detail.targetTable')}</button>
          <button type="button" onClick={() => act(() => syncApi.setEnabled(instanceId, name, !job.enabled))}>
            {t(job.enabled ? 'detail.pause' : 'detail.resume')}</button>
          <button type="button" className="danger" onClick={() => syncApi.remove(instanceId, name).then(onBack, (e: Error) => setError(e.message))}>
            {t('detail.delete')}</button>
        </div>
      </div>
      {error && <div className="banner banner-error" role="alert">{error}</div>}
      <p>{job.source.topic} → {job.destination.project}.{job.destination.table} ({job.destination.partition}) · {describeSchedule(job.schedule, t)}
        {!job.enabled && <> · {t('list.paused')}</>}</p>
      {table && (
        <div className="target-table" data-testid="target-table">
          <pre>{table.sql}</pre>
          {table.created ? <p className="banner banner-info">{t('detail.tableCreated', { table: table.table })}</p>
            : <button type="button" onClick={() => syncApi.targetTable(instanceId, name, true).then(setTable, (e: Error) => setError(e.message))}>
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
                <button type="button" className="small" onClick={() => act(() => syncApi.rerun(instanceId, name, run.id))}>{t('run.rerun')}</button>)}</td>
            </tr>
          ))}</tbody>
        </table>
      </div>
      {trialOpen && <TrialRunDialog instanceId={instanceId} job={job} onClose={() => { setTrialOpen(false); refresh(); }} />}
    </section>
  );
}

/** Seed 002's "run with parameters": a value for each parameter the job uses. */
export function TrialRunDialog({ instanceId, job, onClose }: { instanceId: string; job: SyncJob; onClose: () => void }) {
  const t = useSyncText();
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(Object.keys(job.parameters).map((k) => [k, ''])));
  const [scheduledTime, setScheduledTime] = useState('');
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [started, setStarted] = useState<SyncRun | null>(null);

  const run = () => {
    const given = Object.fromEntries(Object.entries(values).filter(([, v]) => v.trim() !== ''));
    syncApi.trialRun(instanceId, job.name, given, scheduledTime || undefined).then(setStarted,
      (e: unknown) => setErrors(e instanceof ApiError ? byField(e.errors) : { '': [String(e)] }));
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
