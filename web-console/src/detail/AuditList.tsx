import { useAudit } from '../api/hooks';
import { useI18n } from '../i18n/i18n';
import { maskSecrets } from './actions';

/** The audit events of one target (a connector), newest first. */
export function AuditList({ target }: { target: string }) {
  const { t, formatDateTime } = useI18n();
  const audit = useAudit(target);
  if (audit.isPending) return <p>{t('common.loading')}</p>;
  const events = audit.data?.items ?? [];
  if (!events.length) return <p className="muted">{t('audit.empty')}</p>;
  return (
    <div className="table-wrap">
      <table className="table audit">
        <thead><tr><th>{t('audit.when')}</th><th>{t('audit.actor')}</th><th>{t('audit.action')}</th><th>{t('audit.details')}</th></tr></thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.id}>
              <td data-label={t('audit.when')}>{formatDateTime(e.occurredAt)}</td>
              <td data-label={t('audit.actor')}>{e.actor}</td>
              <td data-label={t('audit.action')}>{e.action}</td>
              <td data-label={t('audit.details')}><code>{JSON.stringify(maskSecrets(e.details))}</code></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
