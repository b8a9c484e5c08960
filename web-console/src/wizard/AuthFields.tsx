import type { DestinationAuth } from '../api/types';
import { Field, numberOrUndefined, Radios, TextInput } from '../ui/form';

/** destination.auth: an AccessKey pair or the service account + RAM role of the managed product. */
export function AuthFields({ auth, onChange }: { auth: DestinationAuth | undefined; onChange: (a: DestinationAuth) => void }) {
  const current = auth ?? { type: 'ACCESS_KEY' as const };
  return (
    <>
      <Field path="destination.auth" label="field.authType">
        <Radios path="destination.auth.type" value={current.type} options={['ACCESS_KEY', 'RAM_ROLE'] as const}
          onChange={(type) => onChange({ type })} />
      </Field>
      {current.type === 'ACCESS_KEY' ? (
        <>
          <Field path="destination.auth.accessKeyId" label="field.accessKeyId">
            <TextInput path="destination.auth.accessKeyId" value={current.accessKeyId}
              onChange={(accessKeyId) => onChange({ ...current, accessKeyId })} />
          </Field>
          <Field path="destination.auth.accessKeySecret" label="field.accessKeySecret">
            <TextInput path="destination.auth.accessKeySecret" type="password" value={current.accessKeySecret}
              onChange={(accessKeySecret) => onChange({ ...current, accessKeySecret })} />
          </Field>
        </>
      ) : (
        <>
          <Field path="destination.auth.accountId" label="field.accountId">
            <TextInput path="destination.auth.accountId" value={current.accountId}
              onChange={(accountId) => onChange({ ...current, accountId })} />
          </Field>
          <Field path="destination.auth.roleName" label="field.roleName">
            <TextInput path="destination.auth.roleName" value={current.roleName}
              onChange={(roleName) => onChange({ ...current, roleName })} placeholder="AliyunKafkaMaxComputeUser1" />
          </Field>
          <Field path="destination.auth.stsEndpoint" label="field.stsEndpoint">
            <TextInput path="destination.auth.stsEndpoint" value={current.stsEndpoint}
              onChange={(stsEndpoint) => onChange({ ...current, stsEndpoint })} />
          </Field>
          <Field path="destination.auth.clientTimeoutMs" label="field.clientTimeoutMs">
            <TextInput path="destination.auth.clientTimeoutMs" type="number" value={current.clientTimeoutMs}
              onChange={(v) => onChange({ ...current, clientTimeoutMs: numberOrUndefined(v) })} />
          </Field>
        </>
      )}
    </>
  );
}
