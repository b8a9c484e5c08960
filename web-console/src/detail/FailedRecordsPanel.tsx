import { useState } from 'react';
import { useFailedRecords, useReplayFailedRecords } from '../api/hooks';
import type { ConnectorMetrics, FailedRecord, FailedRecordSource, RecordData, ReplayResult } from '../api/model';
import { useI18n } from '../i18n/i18n';

const PAGE_SIZE = 20;
const key = (r: FailedRecord) => `${r.partition}:${r.offset}`;

/** Bytes as the API shows them: text when UTF-8, hex otherwise, marked so hex is never mistaken for text. */
function Bytes({ data }: { data: RecordData }) {
  const { t } = useI18n();
  if (data.encoding === 'NULL') return <span className="muted">null</span>;
  return (
    <span className="record-bytes">
      {data.encoding === 'HEX' && <span className="badge" title={t('failed.hexTitle')}>hex</span>}{' '}
      <code>{data.text}</code>
      {data.cut && <span className="muted"> … {t('failed.bytes', { size: data.size })}</span>}
    </span>
  );
}

/**
 * The connector's failed records (its error topic, or Connect's dead-letter topic), newest first, a page at a time;
 * chosen ones, or all shown, can be replayed to their source topic after a confirmation.
 */
export function FailedRecordsPanel({ instanceId, name, metrics }: {
  instanceId: string; name: string; metrics?: ConnectorMetrics;
}) {
  const { t, formatDateTime } = useI18n();
  const [source, setSource] = useState<FailedRecordSource>('ERROR_TOPIC');
  const [cursors, setCursors] = useState<Array<string | undefined>>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const page = useFailedRecords(instanceId, name, { source, cursor, size: PAGE_SIZE });
  const replay = useReplayFailedRecords(instanceId, name);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [confirming, setConfirming] = useState<FailedRecord[] | null>(null);
  const [result, setResult] = useState<ReplayResult | null>(null);
  const items = page.data?.items ?? [];

  const choose = (s: FailedRecordSource) => {
    setSource(s);
    setCursors([undefined]);
    setSelected(new Set());
  };
  const toggle = (r: FailedRecord) => setSelected((was) => {
    const next = new Set(was);
    if (next.has(key(r))) next.delete(key(r)); else next.add(key(r));
    return next;
  });
  const send = (records: FailedRecord[]) => {
    setConfirming(null);
    replay.mutate({
      source, replayId: crypto.randomUUID(), records: records.map((r) => ({ partition: r.partition, offset: r.offset })),
    }, {
      onSuccess: (done) => {
        setResult(done);
        setSelected(new Set());
      },
    });
  };
  const chosen = items.filter((r) => selected.has(key(r)));

  return (
    <div className="failed-records" data-testid="failed-records">
      <h2>{t('failed.title')}</h2>
      {metrics && (
        <p data-testid="failed-counts">{t('failed.counts', {
          errorTopic: metrics.errorTopicRecords ?? 0, deadLettered: metrics.deadLettered ?? 0,
        })}</p>
      )}
      <div className="toolbar">
        <label>{t('failed.source')}{' '}
          <select aria-label={t('failed.source')} value={source} onChange={(e) => choose(e.target.value as FailedRecordSource)}>
            <option value="ERROR_TOPIC">{t('failed.errorTopic')}</option>
            <option value="DEAD_LETTER_TOPIC">{t('failed.deadLetterTopic')}</option>
          </select>
        </label>
        <button type="button" onClick={() => void page.refetch()} disabled={page.isFetching}>{t('preview.refresh')}</button>
        <button type="button" data-action="replay-selected" disabled={chosen.length === 0 || replay.isPending}
          onClick={() => setConfirming(chosen)}>{t('failed.replaySelected', { count: chosen.length })}</button>
        <button type="button" data-action="replay-shown" disabled={items.length === 0 || replay.isPending}
          onClick={() => setConfirming(items)}>{t('failed.replayShown', { count: items.length })}</button>
      </div>
      {page.data && <p className="muted">{t('failed.topic', { topic: page.data.topic })}</p>}
      {page.error && <div className="banner banner-error" role="alert">{page.error.message}</div>}
      {replay.error && <div className="banner banner-error" role="alert">{replay.error.message}</div>}
      {result && (
        <div className="banner banner-success" role="status" data-testid="replay-result">
          {t('failed.replayed', { count: result.replayed.length, topic: result.replayed[0]?.topic ?? '' })}
          {result.skipped.length > 0 && (
            <ul>{result.skipped.map((s) => <li key={`${s.partition}:${s.offset}`}>{s.partition}@{s.offset}: {s.reason}</li>)}</ul>
          )}
        </div>
      )}
      {page.data && items.length === 0 && <p className="muted" data-testid="failed-empty">{t('failed.empty')}</p>}
      <ul className="failed-list">
        {items.map((r) => (
          <li key={key(r)} className="failed-record" data-testid="failed-record">
            <div className="failed-head">
              <label className="check">
                <input type="checkbox" checked={selected.has(key(r))} onChange={() => toggle(r)}
                  aria-label={t('failed.select', { at: `${r.partition}@${r.offset}` })} />
                <strong className="failed-reason">{r.reason ?? r.exceptionClass ?? t('failed.noReason')}</strong>
              </label>
              {r.replayedAt && <span className="badge badge-running">{t('failed.wasReplayed')}</span>}
            </div>
            <dl className="failed-facts">
              <dt>{t('failed.time')}</dt><dd>{r.timestamp ? formatDateTime(r.timestamp) : '—'}</dd>
              <dt>{t('failed.stage')}</dt><dd>{r.stage ?? '—'}</dd>
              <dt>{t('failed.origin')}</dt>
              <dd>{r.originalTopic ?? '—'} / {r.originalPartition ?? '—'} @ {r.originalOffset ?? '—'}</dd>
              <dt>{t('failed.key')}</dt><dd><Bytes data={r.key} /></dd>
              <dt>{t('failed.value')}</dt><dd><Bytes data={r.value} /></dd>
              {r.payload && r.payload !== 'complete' && <><dt>{t('failed.payload')}</dt><dd>{r.payload}</dd></>}
            </dl>
            <details>
              <summary>{t('failed.headers', { count: r.headers.length + r.errorHeaders.length })}</summary>
              <table className="table">
                <tbody>
                  {[...r.headers, ...r.errorHeaders].map((h, i) => (
                    <tr key={i}><th scope="row">{h.name}</th><td><Bytes data={h.value} /></td></tr>
                  ))}
                </tbody>
              </table>
            </details>
            {r.stackTrace && (
              <details><summary>{t('detail.trace')}</summary><pre className="trace">{r.stackTrace}</pre></details>
            )}
          </li>
        ))}
      </ul>
      <div className="toolbar">
        <button type="button" disabled={cursors.length < 2} onClick={() => setCursors((c) => c.slice(0, -1))}>
          {t('failed.newer')}
        </button>
        <button type="button" disabled={!page.data?.next} onClick={() => setCursors((c) => [...c, page.data?.next])}>
          {t('failed.older')}
        </button>
      </div>
      {confirming && (
        <div className="modal-backdrop">
          <div className="modal" role="dialog" aria-modal="true" aria-labelledby="replay-title">
            <h2 id="replay-title">{t('confirm.title')}</h2>
            <p>{t('failed.confirm', { count: confirming.length, topic: confirming[0]?.originalTopic ?? '' })}</p>
            <div className="actions">
              <button type="button" onClick={() => setConfirming(null)}>{t('confirm.cancel')}</button>
              <button type="button" className="primary" data-action="replay-confirm" onClick={() => send(confirming)}>
                {t('confirm.ok')}
              </button>
            </div>
          </div>
        </div>
      )}
    </div>
  );
}
