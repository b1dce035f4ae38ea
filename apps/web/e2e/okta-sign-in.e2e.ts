import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './support/browser';
import { t } from './support/content';
import { apiAs, DEMO } from './support/demo-user';
import { startOidcStandIn, type OidcStandIn } from './support/oidc-stand-in';
import { serveAppWithOkta } from './support/app-with-okta';
import type { ServedApp } from './support/serve-built-app';
import { createSteps } from './support/steps';
import { startApi, type RunningApi } from './support/start-api';

// "Sign in with Okta" end to end, with nothing mocked: the app (built with the stand-in's Okta
// settings) runs the authorization-code flow with PKCE in Chromium against a local OIDC
// stand-in on 127.0.0.1 (discovery, authorize, token with the S256 verifier checked, JWKS);
// the API verifies the resulting access token against the stand-in's JWKS and opens a session.

const log = (line: string) => process.stdout.write(`[okta-e2e] ${line}\n`);
const CLIENT_ID = 'eapd-browser-test';

let okta: OidcStandIn | undefined;
let api: RunningApi | undefined;
let app: ServedApp | undefined;
let browser: Browser | undefined;
let page: Page | undefined;
const step = createSteps('okta-sign-in', () => page, log);

beforeAll(async () => {
  okta = await startOidcStandIn({ clientId: CLIENT_ID, email: DEMO.email });
  log(`OIDC stand-in: ${okta.issuer}`);
  api = await startApi({
    env: {
      OKTA_DOMAIN: okta.origin,
      OKTA_SERVER_ID: 'default',
      OKTA_CLIENT_ID: CLIENT_ID,
      OKTA_API_KEY: 'unused-by-the-stand-in',
      OKTA_AUDIENCE: 'api://default',
    },
  });
  app = await serveAppWithOkta(api.url, { issuer: okta.issuer, clientId: CLIENT_ID }, log);
  browser = await launchChromium(log);
});

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await app?.close();
  await api?.stop();
  await okta?.close();
});

test('a deep link, then "Sign in with Okta": code + PKCE at the stand-in, token verified by the API, back on the page', async () => {
  const { id, name } = await (await apiAs((api as RunningApi).url)).createApd({ name: 'Okta deep link check', years: [2027] });
  const context = await (browser as Browser).newContext({ viewport: { width: 1280, height: 900 } });
  const current = await context.newPage();
  page = current;
  current.setDefaultTimeout(20_000);
  const appUrl = (app as ServedApp).url;
  const stand = okta as OidcStandIn;

  await step('sign-in-offers-okta', async () => {
    await current.goto(`${appUrl}/apds/${id}`);
    await current.getByRole('heading', { name: t('sign-in.title') }).waitFor();
  });

  await step('at-okta', async () => {
    await current.getByRole('button', { name: t('sign-in.okta') }).click();
    await current.waitForURL((url) => url.origin === stand.origin);
    await current.getByRole('heading', { name: 'Okta stand-in' }).waitFor();
    const authorize = stand.log.find((event) => event.kind === 'authorize');
    expect(authorize).toMatchObject({
      codeChallengeMethod: 'S256',
      hasCodeChallenge: true,
      redirectUri: `${appUrl}/login/callback`,
    });
  });

  await step('back-signed-in', async () => {
    await current.getByRole('button', { name: 'Sign in to Okta' }).click();
    // Back through /login/callback to the deep link, signed in as the Okta user's eAPD account.
    await current.getByRole('heading', { name: t('apd-edit.title-edit', { name }) }).waitFor();
    expect(new URL(current.url()).pathname).toBe(`/apds/${id}`);
    await current.getByText(t('common.signed-in-as', { name: 'Demo State Staff', state: 'MD' })).waitFor();
    // The code was exchanged once, with a verifier matching the challenge.
    expect(stand.log.filter((event) => event.kind === 'token')).toEqual([{ kind: 'token', outcome: 'issued', pkceVerified: true }]);
  });

  await step('session-works', async () => {
    await current.reload(); // the session (ours, from the Okta token) is what the API accepts now
    await current.getByRole('heading', { name: t('apd-edit.title-edit', { name }) }).waitFor();
    await current.getByRole('button', { name: t('common.sign-out') }).click();
    await current.getByText(t('sign-in.signed-out')).waitFor();
  });
  await context.close();
});
