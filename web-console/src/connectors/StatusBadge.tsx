import type { ConnectorState } from '../api/model';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';

export function StatusBadge({ state }: { state: ConnectorState | string }) {
  const { t } = useI18n();
  return <span className={`badge badge-${state.toLowerCase()}`} data-state={state}>{t(`status.${state}` as MessageKey)}</span>;
}
