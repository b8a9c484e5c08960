import type { DestinationAuth } from '../api/model';
import { useContext } from 'react';
import { useI18n } from '../i18n/i18n';
import { Field, numberOrUndefined, Radios, SecretKeptContext, TextInput } from '../ui/form';

/** destination.auth: an AccessKey pair or the service account + RAM role of the managed product. */
export function AuthFields({ auth, onChange }: { auth: DestinationAuth | undefined; onChange: (a: DestinationAuth) => void }) {
  const { t } = useI18n();
  const secretKept = useContext(SecretKeptContext);
  const current = auth ?? { type: 'ACCESS_KEY' as const };
  const text = (key: 'accessKeyId' | 'accessKeySecret' | 'accountId' | 'roleName' | 'stsEndpoint', placeholder?: string) => (
    <Field path={`destination.auth.${key}`} label={`field.${key}`}>
      <TextInput path={`destination.auth.${key}`} type={key === 'accessKeySecret' ? 'password' : 'text'} placeholder={placeholder}
        value={(current as Record<string, string | undefined>)[key]} onChange={(v) => onChange({ ...current, [key]: v })} />
    </Field>
  );
  return (
    <>
      <Field path="destination.auth" label="field.authType">
        <Radios path="destination.auth.type" value={current.type} options={['ACCESS_KEY', 'RAM_ROLE'] as const}
          onChange={(type) => onChange({ type })} />
      </Field>
      {current.type === 'ACCESS_KEY' ? (
        <>
          {text('accessKeyId')}
          {text('accessKeySecret', secretKept ? t('field.secretUnchanged') : undefined)}
        </>
      ) : (
        <>
          {text('accountId')}
          {text('roleName', 'AliyunKafkaMaxComputeUser1')}
          {text('stsEndpoint')}
          <Field path="destination.auth.clientTimeoutMs" label="field.clientTimeoutMs">
            <TextInput path="destination.auth.clientTimeoutMs" type="number" value={current.clientTimeoutMs}
              onChange={(v) => onChange({ ...current, clientTimeoutMs: numberOrUndefined(v) })} />
          </Field>
        </>
      )}
    </>
  );
}
