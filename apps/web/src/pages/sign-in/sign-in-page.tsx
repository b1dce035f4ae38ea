import { useState, type FormEvent } from 'react';
import { useApp } from '../../app/app-context';
import { Alert } from '../../components/alert';
import { Field } from '../../components/field';
import { t } from '../../content/content';
import { OktaButton, type OktaSettings } from './okta-button';
import { signInFailure, signInFieldErrors, type SignInFieldErrors } from './sign-in-messages';

interface SignInPageProps {
  /** From WEB_OKTA_ISSUER / WEB_OKTA_CLIENT_ID at build time; null hides the Okta button. */
  okta: OktaSettings | null;
}

export function SignInPage({ okta }: SignInPageProps) {
  const { api, signIn, notice } = useApp();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [fieldErrors, setFieldErrors] = useState<SignInFieldErrors>({});
  const [error, setError] = useState<string[] | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const problems = signInFieldErrors(email, password);
    setFieldErrors(problems);
    setError(null);
    if (Object.keys(problems).length > 0) return;
    setBusy(true);
    try {
      signIn(await api.login(email.trim(), password));
    } catch (caught) {
      const failure = signInFailure(caught);
      setFieldErrors(failure.fields);
      setError(failure.alert);
      setBusy(false);
    }
  }

  return (
    <section className="card narrow" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">{t('sign-in.title')}</h1>
      {notice && <Alert kind="info">{notice}</Alert>}
      <p>{t('sign-in.intro')}</p>
      {error && (
        <Alert kind="error">
          {error.map((sentence) => (
            <p key={sentence}>{sentence}</p>
          ))}
        </Alert>
      )}
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
          <OktaButton okta={okta} onError={(message) => setError([message])} />
        </>
      )}
    </section>
  );
}
