import type { ConnectorMetrics } from '../../api/model';
import { useI18n } from '../../i18n/i18n';

/**
 * While the destination refuses writes the connector stays RUNNING (its tasks keep their records and retry): this
 * warning says since when, how many retries, and the last error. It goes when the status no longer reports an outage.
 */
export function DestinationBanner({ metrics }: { metrics: ConnectorMetrics | undefined }) {
  const { t, language } = useI18n();
  if (!metrics?.destinationUnavailableSince) return null;
  const since = new Date(metrics.destinationUnavailableSince);
  return (
    <div className="banner banner-warning" role="status" data-condition="DestinationUnavailable">
      <strong>{t('metrics.destinationUnavailable')}</strong>{' '}
      {t('metrics.destinationUnavailableDetail', {
        since: since.toLocaleString(language === 'zh' ? 'zh-CN' : 'en'),
        retries: metrics.destinationRetries.toLocaleString(language === 'zh' ? 'zh-CN' : 'en'),
      })}
      {metrics.destinationLastError && <div className="muted" data-testid="destination-last-error">
        {t('metrics.lastError', { error: metrics.destinationLastError })}</div>}
    </div>
  );
}
