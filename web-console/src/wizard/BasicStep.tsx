import { useContext, useEffect, useState } from 'react';
import { useConnector } from '../api/hooks';
import type { KafkaInstance } from '../api/model';
import { useI18n } from '../i18n/i18n';
import { Field, LockedFieldsContext, TextInput } from '../ui/form';
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
  // an edited connector keeps its name (locked), which of course is taken: by itself
  const nameLocked = useContext(LockedFieldsContext).has('name');
  const taken = useNameTaken(instance.id, problem || nameLocked ? '' : draft.name);
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
  const [settled, setSettled] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setSettled(name), 300);
    return () => clearTimeout(timer);
  }, [name]);
  const existing = useConnector(instanceId, settled, settled === name);
  return name !== '' && existing.data?.name === name;
}
