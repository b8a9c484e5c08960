import { useEffect, useState } from 'react';
import { useConnectorCounts, useConnectors } from '../api/hooks';
import { CONNECTOR_STATES } from '../api/model';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { StatusBadge } from './StatusBadge';

export const PAGE_SIZE = 20;
/** Every state a connector can be in can be filtered on. */
export const FILTER_STATES = CONNECTOR_STATES;

interface Props {
  instanceId: string;
  onOpen: (name: string, tab?: 'test') => void;
  onCreate: () => void;
}

export function ConnectorList({ instanceId, onOpen, onCreate }: Props) {
  const { t, formatDateTime } = useI18n();
  const [q, setQ] = useState('');
  const [query, setQuery] = useState('');
  const [status, setStatus] = useState('');
  const [page, setPage] = useState(0);

  // Search as the user types, without a request per keystroke; a new search starts at its first page.
  useEffect(() => {
    const next = q.trim();
    if (next === query) return undefined;
    const timer = setTimeout(() => { setQuery(next); setPage(0); }, 250);
    return () => clearTimeout(timer);
  }, [q, query]);

  const list = useConnectors(instanceId, { q: query, status, page, size: PAGE_SIZE });
  const counts = useConnectorCounts(instanceId, query, FILTER_STATES).data ?? {};
  const result = list.data;
  const error = list.error?.message;

  const choose = (next: string) => { setStatus(next); setPage(0); };

  return (
    <section aria-labelledby="list-title">
      <div className="page-head">
        <h1 id="list-title">{t('list.title')}</h1>
        <button type="button" className="primary" onClick={onCreate}>{t('list.create')}</button>
      </div>
      <div className="toolbar">
        <input type="search" aria-label={t('list.search')} placeholder={t('list.search')} value={q}
          onChange={(e) => setQ(e.target.value)} />
        <div className="chips" role="group" aria-label={t('list.status')}>
          {['', ...FILTER_STATES].map((s) => (
            <button key={s || 'all'} type="button" className={s === status ? 'chip chip-on' : 'chip'}
              aria-pressed={s === status} data-status={s || 'ALL'} onClick={() => choose(s)}>
              {s ? t(`status.${s}` as MessageKey) : t('list.all')} <span className="count">{counts[s] ?? '·'}</span>
            </button>
          ))}
        </div>
      </div>
      {error && <div className="banner banner-error" role="alert">{error}</div>}
      {result && result.items.length === 0 && <p className="empty">{t('list.empty')}</p>}
      {result && result.items.length > 0 && (
        <div className="table-wrap">
          <table className="table connectors">
            <thead>
              <tr>
                <th>{t('list.name')}</th><th>{t('list.status')}</th><th>{t('list.topic')}</th>
                <th>{t('list.destination')}</th><th>{t('list.created')}</th><th>{t('list.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {result.items.map((c) => (
                <tr key={c.name} data-connector={c.name}>
                  <td data-label={t('list.name')}>
                    <a href={`#/connectors/${encodeURIComponent(c.name)}`} onClick={(e) => { e.preventDefault(); onOpen(c.name); }}>{c.name}</a>
                  </td>
                  <td data-label={t('list.status')}><StatusBadge state={c.status} /></td>
                  <td data-label={t('list.topic')}>{c.source?.topic}</td>
                  <td data-label={t('list.destination')}>{c.destination ? t(`option.${c.destination.type}` as MessageKey) : ''}</td>
                  <td data-label={t('list.created')}>{c.createdAt ? formatDateTime(c.createdAt) : ''}</td>
                  <td data-label={t('list.actions')}>
                    <div className="row-actions">
                      <button type="button" className="small" onClick={() => onOpen(c.name)}>{t('list.details')}</button>
                      <button type="button" className="small" onClick={() => onOpen(c.name, 'test')}>{t('list.test')}</button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {result && result.totalPages > 1 && (
        <div className="pager">
          <button type="button" disabled={page === 0} onClick={() => setPage(page - 1)}>{t('list.prev')}</button>
          <span>{t('list.page', { page: page + 1, pages: result.totalPages, total: result.totalItems })}</span>
          <button type="button" disabled={page + 1 >= result.totalPages} onClick={() => setPage(page + 1)}>{t('list.next')}</button>
        </div>
      )}
    </section>
  );
}
