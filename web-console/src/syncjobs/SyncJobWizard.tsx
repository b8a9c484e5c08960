import { useEffect, useState } from 'react';
import { ApiError } from '../api/client';
import {
  KAFKA_FIELDS, SCHEDULE_TYPES, SERIALIZED_TYPES, WEEKDAYS, type EndStrategy, type ScheduleType,
  type SerializedType, type SyncJobDefinition, type WindowPreview,
} from './api';
import { useCreateSyncJob, useValidateSyncJob } from './hooks';
import { MappingEditor } from './MappingEditor';
import { useSyncText } from './messages';
import { byField, fieldId, SyncField } from './SyncField';

interface Props {
  instanceId: string;
  onCancel: () => void;
  onDone: (name: string) => void;
}

/** The seed's recommended parameters for a cycle ("推荐配置"); the server fills the same when they are left out. */
export function recommendedParameters(type: ScheduleType, interval = 1): Record<string, string> {
  switch (type) {
    case 'MINUTE': return { startTime: `$[yyyymmddhh24mi-${interval + 3}/24/60]00`, endTime: '$[yyyymmddhh24mi-3/24/60]00',
      partition: `$[yyyymmddhh24mi-${interval + 3}/24/60]` };
    case 'HOUR': return { startTime: `$[yyyymmddhh24-${interval}/24]0000`, endTime: '$[yyyymmddhh24]0000', partition: '$[yyyymmddhh24]' };
    case 'DAY': return { startTime: '$[yyyymmdd-1]000000', endTime: '$[yyyymmdd]000000', partition: '$[yyyymmdd-1]' };
    case 'WEEK': return { startTime: '$[yyyymmdd-7]000000', endTime: '$[yyyymmdd]000000', partition: '$[yyyymmdd-1]' };
    case 'MONTH': return { startTime: '$[add_months(yyyymmdd,-1)]000000', endTime: '$[yyyymmdd]000000', partition: '$[yyyymmdd-1]' };
  }
}

const AUTH_TYPES = ['ACCESS_KEY', 'RAM_ROLE'] as const;

const INITIAL: SyncJobDefinition = {
  name: '',
  source: { topic: '', keyType: 'STRING', valueType: 'STRING', encoding: 'UTF-8', timeZone: 'Asia/Shanghai',
    startTime: '${startTime}', endTime: '${endTime}', endStrategy: 'REACH_END_OFFSETS', noNewDataSeconds: 60 },
  destination: { endpoint: '', project: '', table: '', partition: 'ds=${partition}',
    auth: { type: 'ACCESS_KEY', accessKeyId: '', accessKeySecret: '' } },
  mapping: KAFKA_FIELDS.map((f) => ({ source: f, column: f })),
  parameters: recommendedParameters('HOUR'),
  schedule: { type: 'HOUR', interval: 1, startTime: '00:15', endTime: '23:59' },
  rerun: { onFailure: true, times: 3, intervalSeconds: 120 },
};

/**
 * The sync-job wizard: source, destination with the mapping editor, schedule with its parameters, and the next
 * windows the server computes for what is typed (validated as the user types; errors placed at their fields).
 */
export function SyncJobWizard({ instanceId, onCancel, onDone }: Props) {
  const t = useSyncText();
  const [job, setJob] = useState<SyncJobDefinition>(INITIAL);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [windows, setWindows] = useState<WindowPreview[]>([]);
  const [banner, setBanner] = useState<string | null>(null);
  const validation = useValidateSyncJob(instanceId);
  const creation = useCreateSyncJob(instanceId);
  const saving = creation.isPending;
  const validate = validation.mutate;

  useEffect(() => {
    const timer = setTimeout(() => {
      validate(job, { onSuccess: (v) => { setWindows(v.nextRuns); setErrors(byField(v.errors)); }, onError: () => setWindows([]) });
    }, 400);
    return () => clearTimeout(timer);
  }, [validate, job]);

  const source = job.source!;
  const destination = job.destination!;
  const schedule = job.schedule!;
  const auth = destination.auth ?? { type: 'ACCESS_KEY' as const };
  const accessKey = auth.type === 'ACCESS_KEY' ? auth : { type: 'ACCESS_KEY' as const };
  const role = auth.type === 'RAM_ROLE' ? auth : { type: 'RAM_ROLE' as const };
  const setSource = (change: Partial<typeof source>) => setJob({ ...job, source: { ...source, ...change } });
  const setDestination = (change: Partial<typeof destination>) => setJob({ ...job, destination: { ...destination, ...change } });
  const setSchedule = (change: Partial<typeof schedule>) => {
    const next = { ...schedule, ...change };
    const defaults = change.type === 'MINUTE' ? { interval: 5, startTime: '00:00', endTime: '23:59' }
      : change.type === 'HOUR' ? { interval: 1, startTime: '00:15', endTime: '23:59' }
        : change.type ? { time: '00:15', daysOfWeek: change.type === 'WEEK' ? [WEEKDAYS[0]] : undefined,
          daysOfMonth: change.type === 'MONTH' ? [1] : undefined } : {};
    const merged = change.type ? { type: change.type, ...defaults } : next;
    const recommended = change.type || change.interval !== undefined;
    setJob({ ...job, schedule: merged,
      parameters: recommended ? recommendedParameters(merged.type!, merged.interval ?? 1) : job.parameters });
  };

  const submit = () => creation.mutate(job, {
    onSuccess: (created) => onDone(created.name),
    onError: (e) => {
      if (e instanceof ApiError) { setErrors(byField(e.errors)); setBanner(e.message); } else setBanner(e.message);
    },
  });

  const text = (path: string, value: string | number | undefined, onChange: (v: string) => void, type = 'text') => (
    <input id={fieldId(path)} type={type} value={value ?? ''} onChange={(e) => onChange(e.target.value)} autoComplete="off" />
  );
  const choice = <T extends string>(path: string, value: T | undefined, options: readonly T[], onChange: (v: T) => void,
    label: (v: T) => string = (v) => v) => (
    <select id={fieldId(path)} value={value} onChange={(e) => onChange(e.target.value as T)}>
      {options.map((o) => <option key={o} value={o}>{label(o)}</option>)}
    </select>
  );

  return (
    <form className="wizard sync-wizard" onSubmit={(e) => { e.preventDefault(); submit(); }}>
      <h1>{t('wizard.title')}</h1>
      {banner && <div className="banner banner-error" role="alert">{banner}</div>}
      <SyncField path="name" label="field.name" errors={errors}>{text('name', job.name, (v) => setJob({ ...job, name: v }))}</SyncField>

      <h2>{t('wizard.source')}</h2>
      <SyncField path="source.topic" label="field.topic" errors={errors}>{text('source.topic', source.topic, (v) => setSource({ topic: v }))}</SyncField>
      <SyncField path="source.consumerGroup" label="field.consumerGroup" errors={errors}>
        {text('source.consumerGroup', source.consumerGroup, (v) => setSource({ consumerGroup: v }))}</SyncField>
      <SyncField path="source.keyType" label="field.keyType" errors={errors}>
        {choice<SerializedType>('source.keyType', source.keyType, SERIALIZED_TYPES, (v) => setSource({ keyType: v }))}</SyncField>
      <SyncField path="source.valueType" label="field.valueType" errors={errors}>
        {choice<SerializedType>('source.valueType', source.valueType, SERIALIZED_TYPES, (v) => setSource({ valueType: v }))}</SyncField>
      <SyncField path="source.encoding" label="field.encoding" errors={errors}>{text('source.encoding', source.encoding, (v) => setSource({ encoding: v }))}</SyncField>
      <SyncField path="source.timeZone" label="field.timeZone" errors={errors}>{text('source.timeZone', source.timeZone, (v) => setSource({ timeZone: v }))}</SyncField>
      <SyncField path="source.startTime" label="field.startTime" errors={errors}>{text('source.startTime', source.startTime, (v) => setSource({ startTime: v }))}</SyncField>
      <SyncField path="source.endTime" label="field.endTime" errors={errors}>{text('source.endTime', source.endTime, (v) => setSource({ endTime: v }))}</SyncField>
      <SyncField path="source.endStrategy" label="field.endStrategy" errors={errors}>
        {choice<EndStrategy>('source.endStrategy', source.endStrategy, ['REACH_END_OFFSETS', 'NO_NEW_DATA'],
          (v) => setSource({ endStrategy: v }), (v) => t(`endStrategy.${v}`))}</SyncField>
      {source.endStrategy === 'NO_NEW_DATA' && (
        <SyncField path="source.noNewDataSeconds" label="field.noNewDataSeconds" errors={errors}>
          {text('source.noNewDataSeconds', source.noNewDataSeconds, (v) => setSource({ noNewDataSeconds: Number(v) }), 'number')}</SyncField>
      )}

      <h2>{t('wizard.destination')}</h2>
      <SyncField path="destination.endpoint" label="field.endpoint" errors={errors}>{text('destination.endpoint', destination.endpoint, (v) => setDestination({ endpoint: v }))}</SyncField>
      <SyncField path="destination.tunnelEndpoint" label="field.tunnelEndpoint" errors={errors}>{text('destination.tunnelEndpoint', destination.tunnelEndpoint, (v) => setDestination({ tunnelEndpoint: v }))}</SyncField>
      <SyncField path="destination.project" label="field.project" errors={errors}>{text('destination.project', destination.project, (v) => setDestination({ project: v }))}</SyncField>
      <SyncField path="destination.table" label="field.table" errors={errors}>{text('destination.table', destination.table, (v) => setDestination({ table: v }))}</SyncField>
      <SyncField path="destination.partition" label="field.partition" errors={errors}>{text('destination.partition', destination.partition, (v) => setDestination({ partition: v }))}</SyncField>
      <SyncField path="destination.auth.type" label="field.authType" errors={errors}>
        {choice('destination.auth.type', auth.type, AUTH_TYPES, (v) => setDestination({ auth: v === 'RAM_ROLE'
          ? { type: 'RAM_ROLE', accountId: '', roleName: '' } : { type: 'ACCESS_KEY', accessKeyId: '', accessKeySecret: '' } }),
        (v) => t(`authType.${v}`))}</SyncField>
      {auth.type === 'RAM_ROLE' ? (<>
        <SyncField path="destination.auth.accountId" label="field.accountId" errors={errors}>
          {text('destination.auth.accountId', role.accountId, (v) => setDestination({ auth: { ...role, accountId: v } }))}</SyncField>
        <SyncField path="destination.auth.roleName" label="field.roleName" errors={errors}>
          {text('destination.auth.roleName', role.roleName, (v) => setDestination({ auth: { ...role, roleName: v } }))}</SyncField>
      </>) : (<>
        <SyncField path="destination.auth.accessKeyId" label="field.accessKeyId" errors={errors}>
          {text('destination.auth.accessKeyId', accessKey.accessKeyId, (v) => setDestination({ auth: { ...accessKey, accessKeyId: v } }))}</SyncField>
        <SyncField path="destination.auth.accessKeySecret" label="field.accessKeySecret" errors={errors}>
          {text('destination.auth.accessKeySecret', accessKey.accessKeySecret, (v) => setDestination({ auth: { ...accessKey, accessKeySecret: v } }), 'password')}</SyncField>
      </>)}

      <h2>{t('wizard.mapping')}</h2>
      <MappingEditor instanceId={instanceId} topic={source.topic} encoding={source.encoding} lines={job.mapping!}
        onChange={(mapping) => setJob({ ...job, mapping })} errors={errors} />

      <h2>{t('wizard.schedule')}</h2>
      <SyncField path="schedule.type" label="field.scheduleType" errors={errors}>
        {choice<ScheduleType>('schedule.type', schedule.type, SCHEDULE_TYPES, (v) => setSchedule({ type: v }), (v) => t(`schedule.${v}`))}</SyncField>
      {(schedule.type === 'MINUTE' || schedule.type === 'HOUR') && (<>
        <SyncField path="schedule.startTime" label="field.dayStart" errors={errors}>{text('schedule.startTime', schedule.startTime, (v) => setSchedule({ startTime: v }))}</SyncField>
        <SyncField path="schedule.interval" label="field.interval" errors={errors}>{text('schedule.interval', schedule.interval, (v) => setSchedule({ interval: Number(v) }), 'number')}</SyncField>
        <SyncField path="schedule.endTime" label="field.dayEnd" errors={errors}>{text('schedule.endTime', schedule.endTime, (v) => setSchedule({ endTime: v }))}</SyncField>
      </>)}
      {schedule.type === 'WEEK' && (
        <SyncField path="schedule.daysOfWeek" label="field.daysOfWeek" errors={errors}>
          <select id={fieldId('schedule.daysOfWeek')} multiple value={schedule.daysOfWeek ?? []}
            onChange={(e) => setSchedule({ daysOfWeek: WEEKDAYS.filter((d) => Array.from(e.target.selectedOptions).some((o) => o.value === d)) })}>
            {WEEKDAYS.map((d) => <option key={d} value={d}>{d}</option>)}
          </select></SyncField>
      )}
      {schedule.type === 'MONTH' && (
        <SyncField path="schedule.daysOfMonth" label="field.daysOfMonth" errors={errors}>
          {text('schedule.daysOfMonth', (schedule.daysOfMonth ?? []).join(','), (v) => setSchedule({
            daysOfMonth: v.split(',').map((d) => Number(d.trim())).filter((d) => !Number.isNaN(d) && d > 0) }))}</SyncField>
      )}
      {(schedule.type === 'DAY' || schedule.type === 'WEEK' || schedule.type === 'MONTH') && (
        <SyncField path="schedule.time" label="field.time" errors={errors}>{text('schedule.time', schedule.time, (v) => setSchedule({ time: v }))}</SyncField>
      )}
      <SyncField path="parameters" label="field.parameters" errors={errors}>
        <div>
          {Object.entries(job.parameters ?? {}).map(([name, value]) => (
            <div key={name} className="parameter" data-field={`parameters.${name}`}>
              <label htmlFor={fieldId(`parameters.${name}`)}>{name}=</label>
              <input id={fieldId(`parameters.${name}`)} value={value}
                onChange={(e) => setJob({ ...job, parameters: { ...job.parameters, [name]: e.target.value } })} />
              {(errors[`parameters.${name}`] ?? []).map((m) => <div key={m} className="field-error" role="alert">{m}</div>)}
            </div>
          ))}
        </div>
      </SyncField>
      <SyncField path="rerun.times" label="field.rerunTimes" errors={errors}>
        {text('rerun.times', job.rerun?.times, (v) => setJob({ ...job, rerun: { ...job.rerun, times: Number(v) } }), 'number')}</SyncField>
      <SyncField path="rerun.intervalSeconds" label="field.rerunInterval" errors={errors}>
        {text('rerun.intervalSeconds', job.rerun?.intervalSeconds, (v) => setJob({ ...job, rerun: { ...job.rerun, intervalSeconds: Number(v) } }), 'number')}</SyncField>

      <h2>{t('wizard.preview')}</h2>
      {windows.length === 0 ? <p className="muted">{t('wizard.previewEmpty')}</p> : (
        <table className="table" data-testid="next-windows">
          <thead><tr><th>{t('list.nextRun')}</th><th>{t('run.window')}</th><th>{t('run.partition')}</th></tr></thead>
          <tbody>{windows.map((w) => (
            <tr key={w.scheduledTime}><td>{w.scheduledTime}</td><td>{w.windowStart} → {w.windowEnd}</td><td>{w.partition}</td></tr>
          ))}</tbody>
        </table>
      )}
      <div className="wizard-actions">
        <button type="button" onClick={onCancel}>{t('wizard.cancel')}</button>
        <button type="submit" className="primary" disabled={saving}>{t('wizard.create')}</button>
      </div>
    </form>
  );
}
