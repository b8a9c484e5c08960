import { useState } from 'react';
import { api, ApiError, storeToken } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { Field, TextInput } from '../ui/form';

/** Checks the token with a read the API always allows to a valid token, then keeps it for this tab. */
export function SignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const { t } = useI18n();
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    storeToken(token.trim());
    try {
      await api.instances();
      onSignedIn();
    } catch (e) {
      storeToken(null);
      setError(e instanceof ApiError && (e.status === 401 || e.status === 403) ? t('signIn.invalid')
        : e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <section className="sign-in" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">{t('signIn.title')}</h1>
      <form className="form" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <Field path="token" label="signIn.token" clientError={error}>
          <TextInput path="token" type="password" value={token} onChange={setToken} />
        </Field>
        <div className="actions">
          <button type="submit" className="primary" disabled={!token.trim()}>{t('signIn.submit')}</button>
        </div>
      </form>
    </section>
  );
}
