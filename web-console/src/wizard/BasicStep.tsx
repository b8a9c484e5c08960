import { useI18n } from '../i18n/i18n';
import type { KafkaInstance } from '../api/types';
import { Field, TextInput } from '../ui/form';
import { nameProblem, type WizardDraft } from './rules';

interface Props {
  draft: WizardDraft;
  instance: KafkaInstance;
  update: (change: Partial<WizardDraft>) => void;
  /** After a Next with no name, "required" is shown too. */
  showEmpty: boolean;
}

export function BasicStep({ draft, instance, update, showEmpty }: Props) {
  const { t } = useI18n();
  const problem = draft.name === '' && !showEmpty ? null : nameProblem(draft.name);
  return (
    <>
      <Field path="name" label="field.name" help={t('field.name.help')}
        clientError={problem ? t(`field.name.${problem}`) : null}>
        <TextInput path="name" value={draft.name} onChange={(name) => update({ name })} placeholder="kafka-maxcompute-sink" />
      </Field>
      <Field path="description" label="field.description">
        <TextInput path="description" value={draft.description} onChange={(description) => update({ description })} />
      </Field>
      <Field path="instance" label="field.instance">
        <div className="readonly" id="f-instance">{instance.name} ({instance.id})</div>
      </Field>
    </>
  );
}
