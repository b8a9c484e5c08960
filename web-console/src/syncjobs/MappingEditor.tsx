import { KAFKA_FIELDS, type MappingLine } from './api';
import { useSampleFields } from './hooks';
import { useSyncText } from './messages';
import { fieldId } from './SyncField';

interface Props {
  instanceId: string;
  topic?: string;
  encoding?: string;
  lines: MappingLine[];
  onChange: (lines: MappingLine[]) => void;
  errors: Record<string, string[]>;
}

/**
 * The field mapping (seed 002 "配置字段映射"): one line per target column, its Kafka field chosen from the six
 * fields and the JSON paths found in the topic's latest records, or typed as a path.
 */
export function MappingEditor({ instanceId, topic, encoding, lines, onChange, errors }: Props) {
  const t = useSyncText();
  const sampling = useSampleFields(instanceId);
  const paths = sampling.data?.paths ?? [];
  const sampleError = sampling.error?.message ?? null;
  const fields = [...KAFKA_FIELDS, ...paths];

  const sample = () => {
    if (topic) sampling.mutate({ topic, encoding });
  };
  const update = (index: number, change: Partial<MappingLine>) =>
    onChange(lines.map((line, i) => (i === index ? { ...line, ...change } : line)));

  return (
    <div className="mapping-editor" data-testid="mapping-editor">
      <datalist id="sync-source-fields">{fields.map((f) => <option key={f} value={f} />)}</datalist>
      <div className="toolbar">
        <button type="button" className="small" onClick={sample} disabled={!topic}>{t('mapping.sample')}</button>
        <span className="muted" data-testid="mapping-fields">{t('mapping.fields', { fields: fields.join(', ') })}</span>
      </div>
      {sampleError && <div className="field-error" role="alert">{sampleError}</div>}
      <p className="field-help">{t('mapping.help')}</p>
      <table className="table">
        <thead><tr><th>{t('mapping.source')}</th><th>{t('mapping.column')}</th><th /></tr></thead>
        <tbody>
          {lines.map((line, i) => (
            <tr key={i}>
              <td>
                <input id={fieldId(`mapping[${i}].source`)} aria-label={`${t('mapping.source')} ${i + 1}`} list="sync-source-fields"
                  value={line.source} onChange={(e) => update(i, { source: e.target.value })} />
                {(errors[`mapping[${i}].source`] ?? []).map((m) => <div key={m} className="field-error" role="alert">{m}</div>)}
              </td>
              <td>
                <input id={fieldId(`mapping[${i}].column`)} aria-label={`${t('mapping.column')} ${i + 1}`}
                  value={line.column} onChange={(e) => update(i, { column: e.target.value })} />
                {(errors[`mapping[${i}].column`] ?? []).map((m) => <div key={m} className="field-error" role="alert">{m}</div>)}
              </td>
              <td><button type="button" className="small" onClick={() => onChange(lines.filter((_, j) => j !== i))}>
                {t('mapping.remove')}</button></td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" className="small" onClick={() => onChange([...lines, { source: '', column: '' }])}>{t('mapping.add')}</button>
    </div>
  );
}
