import type { Connector } from '../api/model';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';

/** What deleteResources=true deletes (what the service created) and which of the connector's topics it keeps. */
export function DeletedResources({ connector }: { connector: Connector }) {
  const { t } = useI18n();
  const created = connector.createdResources ?? [];
  const label = (type: 'TOPIC' | 'GROUP', name: string) => t(`resource.${type}` as MessageKey, { name });
  const createdNames = new Set(created.filter((r) => r.type === 'TOPIC').map((r) => r.name));
  const source = connector.source ?? {};
  const kept = [...new Set([source.offsetTopic, source.configTopic, source.statusTopic, source.deadLetterTopic, source.errorTopic])]
    .filter((topic): topic is string => !!topic && !createdNames.has(topic));
  return (
    <div className="deleted-resources">
      <p data-testid="delete-created">{created.length === 0 ? t('confirm.deleteResources.none')
        : t('confirm.deleteResources.deleted', { list: created.map((r) => label(r.type, r.name)).join(', ') })}</p>
      {kept.length > 0 && (
        <p data-testid="delete-kept">{t('confirm.deleteResources.kept', { list: kept.map((name) => label('TOPIC', name)).join(', ') })}</p>
      )}
      {created.length > 0 && <p className="muted">{t('confirm.deleteResources.shared')}</p>}
    </div>
  );
}
