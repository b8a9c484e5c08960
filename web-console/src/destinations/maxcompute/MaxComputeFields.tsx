import { useEffect, useState } from 'react';
import { MAXCOMPUTE_MODES, PARTITION_TIMES, PARTITION_WINDOWS, type ChangeData, type MaxComputeDestination, type McMode } from '../../api/model';
import { useI18n } from '../../i18n/i18n';
import { Field, numberOrUndefined, Radios, Select, TextInput, YesNo } from '../../ui/form';
import { AuthFields } from '../AuthFields';
import type { DestinationFieldsProps } from '../types';
import { maxComputeFormats } from './rules';

const ADVANCED = ['partitionTime', 'tunnelEndpoint', 'schema', 'useStreaming', 'bufferSizeKb', 'sinkPoolSize', 'recordBatchSize']
  .map((f) => `destination.${f}`);

export function MaxComputeFields({ value, onChange, violations }: DestinationFieldsProps<MaxComputeDestination>) {
  const { t } = useI18n();
  // the advanced section opens by itself when the server found a problem in it
  const advancedOpen = violations.some((v) => ADVANCED.some((p) => v.field?.startsWith(p)));
  const [advanced, setAdvanced] = useState(advancedOpen);
  useEffect(() => {
    if (advancedOpen) setAdvanced(true);
  }, [advancedOpen]);
  const set = (change: Partial<MaxComputeDestination>) => onChange({ ...value, ...change });
  const mode = value.mode ?? 'DEFAULT';
  const formats = maxComputeFormats(mode);
  const changeMode = (next: McMode) => {
    const allowed = maxComputeFormats(next);
    set({ mode: next, format: allowed.includes(value.format ?? 'TEXT') ? value.format : 'TEXT' });
  };
  const text = (path: keyof MaxComputeDestination, placeholder?: string) => (
    <TextInput path={`destination.${path}`} value={value[path] as string | undefined} placeholder={placeholder}
      onChange={(v) => set({ [path]: v })} />
  );
  const number = (path: 'bufferSizeKb' | 'sinkPoolSize' | 'recordBatchSize') => (
    <TextInput path={`destination.${path}`} type="number" value={value[path]}
      onChange={(v) => set({ [path]: numberOrUndefined(v) })} />
  );
  return (
    <>
      <Field path="destination.endpoint" label="field.endpoint">
        {text('endpoint', 'http://service.cn-hangzhou.maxcompute.aliyun-inc.com/api')}
      </Field>
      <Field path="destination.project" label="field.project">{text('project', 'connector_test')}</Field>
      <Field path="destination.table" label="field.table"
        help={value.format === 'DEBEZIUM_JSON' ? t('changeData.tableHint') : undefined}>
        {text('table', value.format === 'DEBEZIUM_JSON' ? '{table}' : 'test_kafka')}
      </Field>
      <Field path="destination.region" label="field.region">{text('region', 'cn-hangzhou')}</Field>
      <AuthFields auth={value.auth} onChange={(auth) => set({ auth })} />
      <Field path="destination.mode" label="field.mode">
        <Radios path="destination.mode" value={mode} options={MAXCOMPUTE_MODES} onChange={changeMode}
          label={String} />
      </Field>
      <Field path="destination.format" label="field.format" help={mode === 'DEFAULT' ? t('field.format.csvHint') : undefined}>
        <Select path="destination.format" value={value.format} options={formats} onChange={(format) => set({ format })}
          label={String} />
      </Field>
      {value.format === 'DEBEZIUM_JSON' && <ChangeDataFields value={value.changeData ?? {}}
        onChange={(changeData) => set({ changeData })} />}
      <Field path="destination.partitionWindow" label="field.partitionWindow">
        <Radios path="destination.partitionWindow" value={value.partitionWindow} options={PARTITION_WINDOWS}
          onChange={(partitionWindow) => set({ partitionWindow })} label={String} />
      </Field>
      <Field path="destination.timeZone" label="field.timeZone">{text('timeZone', 'GMT+08:00')}</Field>
      <button type="button" className="link-button" aria-expanded={advanced} onClick={() => setAdvanced(!advanced)}>
        {advanced ? '▾' : '▸'} {t('advanced.toggle')}
      </button>
      {advanced && (
        <div className="subsection">
          <Field path="destination.partitionTime" label="field.partitionTime" help={t('field.partitionTime.hint')}>
            <Radios path="destination.partitionTime" value={value.partitionTime ?? 'RECORD'} options={PARTITION_TIMES}
              onChange={(partitionTime) => set({ partitionTime })} label={(v) => t(`partitionTime.${v}`)} />
          </Field>
          <Field path="destination.tunnelEndpoint" label="field.tunnelEndpoint">{text('tunnelEndpoint')}</Field>
          <Field path="destination.schema" label="field.schema">{text('schema')}</Field>
          <Field path="destination.useStreaming" label="field.useStreaming">
            <YesNo path="destination.useStreaming" value={value.useStreaming} onChange={(useStreaming) => set({ useStreaming })} />
          </Field>
          <Field path="destination.bufferSizeKb" label="field.bufferSizeKb">{number('bufferSizeKb')}</Field>
          <Field path="destination.sinkPoolSize" label="field.sinkPoolSize">{number('sinkPoolSize')}</Field>
          <Field path="destination.recordBatchSize" label="field.recordBatchSize">{number('recordBatchSize')}</Field>
        </div>
      )}
    </>
  );
}

const COMPRESS_ALGORITHMS = ['zlib', 'raw', 'lz4', 'snappy'] as const;

/** Seed 004's options for change data; empty fields take the sink's defaults (shown as placeholders). */
function ChangeDataFields({ value, onChange }: { value: ChangeData; onChange: (value: ChangeData) => void }) {
  const { t } = useI18n();
  const set = (change: Partial<ChangeData>) => onChange({ ...value, ...change });
  const number = (path: 'bucketsNum' | 'commitThreadNum' | 'flushConcurrentNum', placeholder: string) => (
    <TextInput path={`destination.changeData.${path}`} type="number" value={value[path]} placeholder={placeholder}
      onChange={(v) => set({ [path]: numberOrUndefined(v) })} />
  );
  const text = (path: 'totalBufferSize' | 'bucketBufferSize' | 'quotaName', placeholder?: string) => (
    <TextInput path={`destination.changeData.${path}`} value={value[path]} placeholder={placeholder}
      onChange={(v) => set({ [path]: v || undefined })} />
  );
  return (
    <div className="subsection">
      <h3>{t('changeData.section')}</h3>
      <Field path="destination.changeData.autoCreateTable" label="field.changeData.autoCreateTable">
        <YesNo path="destination.changeData.autoCreateTable" value={value.autoCreateTable ?? true}
          onChange={(autoCreateTable) => set({ autoCreateTable })} />
      </Field>
      <Field path="destination.changeData.bucketsNum" label="field.changeData.bucketsNum">{number('bucketsNum', '16')}</Field>
      <Field path="destination.changeData.compressAlgorithm" label="field.changeData.compressAlgorithm">
        <Select path="destination.changeData.compressAlgorithm" value={value.compressAlgorithm ?? 'zlib'}
          options={COMPRESS_ALGORITHMS} onChange={(compressAlgorithm) => set({ compressAlgorithm })} label={String} />
      </Field>
      <Field path="destination.changeData.totalBufferSize" label="field.changeData.totalBufferSize">
        {text('totalBufferSize', '64MB')}
      </Field>
      <Field path="destination.changeData.bucketBufferSize" label="field.changeData.bucketBufferSize">
        {text('bucketBufferSize', '4MB')}
      </Field>
      <Field path="destination.changeData.commitThreadNum" label="field.changeData.commitThreadNum">
        {number('commitThreadNum', '16')}
      </Field>
      <Field path="destination.changeData.flushConcurrentNum" label="field.changeData.flushConcurrentNum">
        {number('flushConcurrentNum', '4')}
      </Field>
      <Field path="destination.changeData.quotaName" label="field.changeData.quotaName">{text('quotaName')}</Field>
    </div>
  );
}
