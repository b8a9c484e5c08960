import { useState } from 'react';
import { ApiError } from '../api/client';
import { usePreview } from '../api/hooks';
import type { Connector } from '../api/model';
import { destinationUi } from '../destinations';
import { useI18n } from '../i18n/i18n';

const LIMITS = [10, 50, 100] as const;

/**
 * Rows in the destination (seed 000's "view table data"): MaxCompute partitions and their rows, a range of
 * Tablestore rows, from GET .../connectors/{name}/preview?table=&partition=&limit=. Change data routed per source
 * table ({table} in the table name) chooses among the routed tables; a Delta table shows its current rows.
 */
export function PreviewPanel({ instanceId, connector }: { instanceId: string; connector: Connector }) {
  const { t } = useI18n();
  const [table, setTable] = useState('');
  const [partition, setPartition] = useState('');
  const [limit, setLimit] = useState<number>(10);
  const preview = usePreview(instanceId, connector.name,
    { table: table || undefined, partition: partition || undefined, limit });
  const data = preview.data;
  const failure = preview.error;
  const unavailable = failure instanceof ApiError && failure.status === 404 && !failure.errors.some((v) => v.field === 'partition');
  const error = failure && !unavailable ? failure.message : null;
  const loading = preview.isFetching;
  const load = () => void preview.refetch();

  if (unavailable) return <div className="banner banner-info" data-testid="preview-unavailable">{t('preview.unavailable')}</div>;
  const partitions = data?.partitions ?? [];
  const tables = data?.tables;
  return (
    <div className="preview">
      <h2>{t('preview.title')}</h2>
      <div className="toolbar">
        {tables && (
          <label>{t('preview.table')}{' '}
            <select aria-label={t('preview.table')} value={table || data?.table || ''}
              onChange={(e) => { setTable(e.target.value); setPartition(''); }}>
              {tables.map((name) => <option key={name} value={name}>{name}</option>)}
            </select>
          </label>
        )}
        {connector.destination && destinationUi(connector.destination.type).partitionedPreview && (
          <label>{t('preview.partition')}{' '}
            <select aria-label={t('preview.partition')} value={partition} onChange={(e) => setPartition(e.target.value)}>
              <option value="">{t('preview.latest')}</option>
              {partitions.map((p) => <option key={p} value={p}>{p}</option>)}
            </select>
          </label>
        )}
        <label>{t('preview.limit')}{' '}
          <select aria-label={t('preview.limit')} value={limit} onChange={(e) => setLimit(Number(e.target.value))}>
            {LIMITS.map((l) => <option key={l} value={l}>{l}</option>)}
          </select>
        </label>
        <button type="button" onClick={load} disabled={loading}>{t('preview.refresh')}</button>
      </div>
      {error && <div className="banner banner-error" role="alert">{error}</div>}
      {data && data.rows.length === 0 && <p className="muted">{t('preview.empty')}</p>}
      {data && data.rows.length > 0 && (
        <div className="table-wrap">
          <table className="table preview-rows" data-testid="preview-rows">
            <thead><tr>{data.columns.map((c) => <th key={c}>{c}</th>)}</tr></thead>
            <tbody>
              {data.rows.map((row, i) => (
                <tr key={i}>{row.map((cell, j) => <td key={j} data-label={data.columns[j]}>{cell === null ? 'NULL'
                  : typeof cell === 'object' ? JSON.stringify(cell) : String(cell)}</td>)}</tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
