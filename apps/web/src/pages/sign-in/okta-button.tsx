import { useState } from 'react';
import { t } from '../../content/content';

export interface OktaSettings {
  issuer: string;
  clientId: string;
}

/** Starts the authorization-code + PKCE flow. The Okta SDK is fetched only on click. */
export function OktaButton({ okta, onError }: { okta: OktaSettings; onError: (message: string) => void }) {
  const [busy, setBusy] = useState(false);
  async function start() {
    setBusy(true);
    try {
      const { startOktaSignIn } = await import(/* webpackChunkName: "okta" */ './okta-flow');
      await startOktaSignIn(okta);
    } catch (caught) {
      console.warn('Okta sign-in could not start', caught); // the detail, for whoever supports the user
      onError(t('sign-in.okta-failed'));
      setBusy(false);
    }
  }
  return (
    <button type="button" className="secondary" onClick={start} disabled={busy} aria-busy={busy}>
      {busy ? t('sign-in.okta-redirecting') : t('sign-in.okta')}
    </button>
  );
}
