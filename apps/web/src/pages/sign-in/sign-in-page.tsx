import { useState, type FormEvent } from 'react';
import { ApiError } from '../../api/api-error';
import { useApp } from '../../app/app-context';
import { Alert } from '../../components/alert';
import { errorText } from '../../components/error-text';
import { Field } from '../../components/field';
import { t } from '../../content/content';
import { OktaButton, type OktaSettings } from './okta-button';

interface SignInPageProps {
  /** From WEB_OKTA_ISSUER / WEB_OKTA_CLIENT_ID at build time; null hides the Okta button. */
  okta: OktaSettings | null;
}

export function SignInPage({ okta }: SignInPageProps) {
  const { api, signIn, notice } = useApp();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (!email.trim()) problems['email'] = t('sign-in.email-required');
    if (!password) problems['password'] = t('sign-in.password-required');
    setFieldErrors(problems);
    setError(null);
    if (Object.keys(problems).length > 0) return;
    setBusy(true);
    try {
      signIn(await api.login(email.trim(), password));
    } catch (caught) {
      if (caught instanceof ApiError && caught.kind === 'unauthorized') setError(t('sign-in.invalid-credentials'));
      else if (caught instanceof ApiError && caught.kind === 'validation') {
        setFieldErrors(caught.fieldErrors);
        setError(errorText(caught));
      } else setError(errorText(caught));
      setBusy(false);
    }
  }

  return (
    <section className="card narrow" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">{t('sign-in.title')}</h1>
      {notice && <Alert kind="info">{notice}</Alert>}
      <p>{t('sign-in.intro')}</p>
      {error && <Alert kind="error">{error}</Alert>}
      <form onSubmit={submit} noValidate>
        <Field
          label={t('sign-in.email-label')}
          type="email"
          name="email"
          autoComplete="username"
          value={email}
          onChange={(e) => setEmail(e.currentTarget.value)}
          error={fieldErrors['email']}
        />
        <Field
          label={t('sign-in.password-label')}
          type="password"
          name="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          error={fieldErrors['password']}
        />
        <button type="submit" className="primary" disabled={busy} aria-busy={busy}>
          {busy ? t('sign-in.submitting') : t('sign-in.submit')}
        </button>
      </form>
      {okta && (
        <>
          <p className="divider">{t('sign-in.or')}</p>
          <OktaButton okta={okta} onError={setError} />
        </>
      )}
    </section>
  );
}
