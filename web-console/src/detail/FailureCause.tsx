import { useI18n } from '../i18n/i18n';
import { failureCause } from './failure';

/** A failure led by its one-line cause, the full stack trace folded underneath. */
export function FailureCause({ label, trace }: { label: string; trace: string }) {
  const { t } = useI18n();
  return (
    <div className="banner banner-error failure" data-failure={label}>
      <strong>{label}</strong> <span className="failure-cause">{failureCause(trace)}</span>
      <details>
        <summary>{t('detail.stackTrace')}</summary>
        <pre className="trace">{trace}</pre>
      </details>
    </div>
  );
}
