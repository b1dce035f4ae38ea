import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../../api/api-error';
import { useApp } from '../../app/app-context';
import { Alert } from '../../components/alert';
import { errorText } from '../../components/error-text';
import { t } from '../../content/content';
import { Link } from '../../router/router';
import type { OktaSettings } from '../sign-in/okta-button';

function oktaFailureText(caught: unknown): string {
  if (caught instanceof ApiError) {
    if (caught.kind === 'unauthorized') return t('sign-in.okta-refused');
    if (caught.details.code === 'not_configured') return t('sign-in.okta-server-not-configured');
    return errorText(caught);
  }
  if (caught instanceof Error && caught.name === 'OktaNoTokenError') return t('sign-in.okta-no-token');
  return t('sign-in.okta-failed');
}

/** Okta redirects here with ?code=…; we get its access token and trade it for our session. */
export default function OktaCallbackPage({ okta }: { okta: OktaSettings | null }) {
  const { api, signIn } = useApp();
  const [error, setError] = useState<string | null>(null);
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return; // the code can be redeemed once; StrictMode runs effects twice
    started.current = true;
    (async () => {
      if (!okta) {
        setError(t('sign-in.okta-not-configured'));
        return;
      }
      try {
        const { finishOktaSignIn } = await import(/* webpackChunkName: "okta" */ '../sign-in/okta-flow');
        signIn(await api.loginWithOkta(await finishOktaSignIn(okta)));
      } catch (caught) {
        console.warn('Okta sign-in did not complete', caught); // the detail, for whoever supports the user
        setError(oktaFailureText(caught));
      }
    })();
  }, [api, okta, signIn]);

  return (
    <section className="card narrow">
      <h1>{t('sign-in.title')}</h1>
      {error ? (
        <>
          <Alert kind="error">{error}</Alert>
          <Link href="/sign-in">{t('sign-in.submit')}</Link>
        </>
      ) : (
        <p role="status" aria-live="polite">
          {t('sign-in.okta-completing')}
        </p>
      )}
    </section>
  );
}
