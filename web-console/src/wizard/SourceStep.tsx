import { useTopics } from '../api/hooks';
import { CONTRACT, FAILURE_POLICIES, ISOLATIONS, OFFSET_RESETS, RESOURCE_CREATIONS, type SourceSettings } from '../api/model';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { Field, numberOrUndefined, Radios, Select, TextInput } from '../ui/form';
import { MAX_REPLICAS, RUNTIME_FIELDS, runtimeValue, type WizardDraft } from './rules';

interface Props {
  draft: WizardDraft;
  instanceId: string;
  update: (change: Partial<WizardDraft>) => void;
  /** Opened by the wizard when the server reports an error inside the section. */
  runtimeOpen: boolean;
  setRuntimeOpen: (open: boolean) => void;
}

const HELP: Partial<Record<string, MessageKey>> = {
  offsetTopic: 'field.offsetTopic.help',
  configTopic: 'field.configTopic.help',
  statusTopic: 'field.statusTopic.help',
  deadLetterTopic: 'field.deadLetterTopic.help',
};

export function SourceStep({ draft, instanceId, update, runtimeOpen, setRuntimeOpen }: Props) {
  const { t } = useI18n();
  // The instance's topics, when the control plane lists them; typing a name works either way.
  const topics = useTopics(instanceId).data ?? [];
  const source = draft.source;
  const setSource = (change: Partial<SourceSettings>) => update({ source: { ...source, ...change } });
  return (
    <>
      <div className="step-note">{t('field.sourceService')}</div>
      <Field path="source.topic" label="field.topic">
        <TextInput path="source.topic" value={source.topic} onChange={(topic) => setSource({ topic })}
          list="instance-topics" placeholder={t('field.topic.placeholder')} />
        <datalist id="instance-topics">
          {topics.filter((topic) => !topic.name.startsWith('__')).map((topic) => (
            <option key={topic.name} value={topic.name}
              label={topic.partitions === undefined ? undefined : t('field.topic.partitions', { count: topic.partitions })} />
          ))}
        </datalist>
      </Field>
      <Field path="source.concurrency" label="field.concurrency">
        <Select path="source.concurrency" value={source.concurrency} options={CONTRACT.concurrencies}
          onChange={(concurrency) => setSource({ concurrency })} label={String} />
      </Field>
      <Field path="source.offsetReset" label="field.offsetReset">
        <Radios path="source.offsetReset" value={source.offsetReset} options={OFFSET_RESETS}
          onChange={(offsetReset) => setSource({ offsetReset })} />
      </Field>
      <button type="button" className="link-button" aria-expanded={runtimeOpen} onClick={() => setRuntimeOpen(!runtimeOpen)}>
        {runtimeOpen ? '▾' : '▸'} {t('runtime.toggle')}
      </button>
      {runtimeOpen && (
        <div className="subsection" data-section="runtime">
          <Field path="source.failurePolicy" label="field.failurePolicy">
            <Radios path="source.failurePolicy" value={source.failurePolicy} options={FAILURE_POLICIES}
              onChange={(failurePolicy) => setSource({ failurePolicy })} />
          </Field>
          <Field path="source.resourceCreation" label="field.resourceCreation">
            <Radios path="source.resourceCreation" value={source.resourceCreation} options={RESOURCE_CREATIONS}
              onChange={(resourceCreation) => setSource({ resourceCreation })} />
          </Field>
          <Field path="replicas" label="field.replicas" help={t('field.replicas.help', { max: MAX_REPLICAS })}>
            <TextInput path="replicas" type="number" value={draft.replicas}
              onChange={(v) => update({ replicas: numberOrUndefined(v) })} />
          </Field>
          <Field path="isolation" label="field.isolation" help={t('field.isolation.help')}>
            <Radios path="isolation" value={draft.isolation ?? 'DENSE'} options={ISOLATIONS}
              onChange={(isolation) => update({ isolation })} />
          </Field>
          {RUNTIME_FIELDS.map((field) => (
            <Field key={field} path={`source.${field}`} label={`field.${field}` as MessageKey}
              help={HELP[field] ? t(HELP[field]!) : undefined}>
              <TextInput path={`source.${field}`} value={runtimeValue(draft, field)}
                onChange={(value) => update({ runtimeOverrides: { ...draft.runtimeOverrides, [field]: value } })} />
            </Field>
          ))}
        </div>
      )}
    </>
  );
}
