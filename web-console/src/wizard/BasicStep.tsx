import { useEffect, useState } from 'react';
import { api } from '../api/client';
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
  const taken = useNameTaken(instance.id, problem ? '' : draft.name);
  return (
    <>
      <Field path="name" label="field.name" help={t('field.name.help')}
        clientError={problem ? t(`field.name.${problem}`) : taken ? t('field.name.taken') : null}>
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

/** Uniqueness checked as the user types (debounced): a connector of that name answers 200. */
function useNameTaken(instanceId: string, name: string): boolean {
  const [taken, setTaken] = useState<string | null>(null);
  useEffect(() => {
    if (!name) return undefined;
    let current = true;
    const timer = setTimeout(() => {
      api.connector(instanceId, name).then(() => current && setTaken(name), () => current && setTaken(null));
    }, 300);
    return () => { current = false; clearTimeout(timer); };
  }, [instanceId, name]);
  return taken !== null && taken === name;
}
