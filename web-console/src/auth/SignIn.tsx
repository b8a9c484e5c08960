import { useState } from 'react';
import { ApiError } from '../api/client';
import { useSignIn } from '../api/hooks';
import { useI18n } from '../i18n/i18n';
import { Field, TextInput } from '../ui/form';

/** Checks the token with a read the API always allows to a valid token, then keeps it for this tab. */
export function SignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const { t } = useI18n();
  const [token, setToken] = useState('');
  const signIn = useSignIn();
  const failure = signIn.error;
  const error = !failure ? null : failure instanceof ApiError && (failure.status === 401 || failure.status === 403)
    ? t('signIn.invalid') : failure.message;
  const submit = () => signIn.mutate(token.trim(), { onSuccess: onSignedIn });
  return (
    <section className="sign-in" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">{t('signIn.title')}</h1>
      <form className="form" onSubmit={(e) => { e.preventDefault(); submit(); }}>
        <Field path="token" label="signIn.token" clientError={error} help={t('signIn.localHint')}>
          <TextInput path="token" type="password" value={token} onChange={setToken} />
        </Field>
        <div className="actions">
          <button type="submit" className="primary" disabled={!token.trim()}>{t('signIn.submit')}</button>
        </div>
      </form>
    </section>
  );
}
