import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../../api/api-error';
import { useApp } from '../../app/app-context';
import { Alert } from '../../components/alert';
import { errorText } from '../../components/error-text';
import { t } from '../../content/content';
import { Link } from '../../router/router';
import type { OktaSettings } from '../sign-in/okta-button';

/** Okta redirects here with ?code=…; we get its access token and trade it for our session. */
export default function OktaCallbackPage({ okta }: { okta: OktaSettings | null }) {
  const { api, signIn } = useApp();
  const [error, setError] = useState<string | null>(null);
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return; // the code can be redeemed once; StrictMode runs effects twice
    started.current = true;
    (async () => {
      try {
        if (!okta) throw new Error(t('sign-in.okta-not-configured'));
        const { finishOktaSignIn } = await import(/* webpackChunkName: "okta" */ '../sign-in/okta-flow');
        signIn(await api.loginWithOkta(await finishOktaSignIn(okta)));
      } catch (caught) {
        // The API's refusal says why (no such user, Okta not configured on the server);
        // only a network failure gets the generic text.
        const network = caught instanceof ApiError && caught.kind === 'network';
        setError(
          caught instanceof Error && !network ? t('sign-in.okta-failed', { reason: caught.message }) : errorText(caught),
        );
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
