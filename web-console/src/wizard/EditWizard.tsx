import { useConnectorForEdit } from '../api/hooks';
import type { KafkaInstance } from '../api/model';
import { useI18n } from '../i18n/i18n';
import { Wizard } from './Wizard';

/** The wizard opened on a stored connector: its edit, or a clone of it as a new connector. */
export function EditWizard({ instance, name, kind, onDone, onCancel }: {
  instance: KafkaInstance; name: string; kind: 'edit' | 'clone'; onDone: (name: string) => void; onCancel: () => void;
}) {
  const { t } = useI18n();
  const stored = useConnectorForEdit(instance.id, name);
  if (stored.error) return <div className="banner banner-error" role="alert">{stored.error.message}</div>;
  if (!stored.data) return <p className="muted">{t('common.loading')}</p>;
  return <Wizard instance={instance} onDone={onDone} onCancel={onCancel}
    from={{ kind, connector: stored.data.connector, etag: stored.data.etag }} />;
}
