import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { t } from '../../content/content';
import { DEMO_SESSION, renderApp } from '../../testing/render-app';
import { finishOktaSignIn, startOktaSignIn } from '../sign-in/okta-flow';

// The SDK itself talks to Okta over the network; here we check our side of the flow.
jest.mock('../sign-in/okta-flow', () => ({
  OKTA_CALLBACK_PATH: '/login/callback',
  startOktaSignIn: jest.fn(async () => undefined),
  finishOktaSignIn: jest.fn(async () => 'okta-access-token'),
}));

const okta = { issuer: 'https://example.okta.com/oauth2/default', clientId: 'client-1' };
const list = { 'GET /api/apds?limit=100': { status: 200, body: { items: [], total: 0, limit: 100, offset: 0 } } };

describe('Okta sign-in', () => {
  beforeEach(() => {
    jest.clearAllMocks();
    // The page logs the technical detail for support; the tests check what the user sees.
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('the button starts the PKCE redirect with the build-time settings', async () => {
    renderApp('/sign-in', {}, { session: null, okta });
    await userEvent.click(screen.getByRole('button', { name: t('sign-in.okta') }));
    expect(startOktaSignIn).toHaveBeenCalledWith(okta);
    expect(screen.getByRole('button', { name: t('sign-in.okta-redirecting') })).toBeDisabled();
  });

  it('the callback exchanges the Okta access token at POST /api/auth/okta and signs in', async () => {
    const { requests } = renderApp(
      '/login/callback?code=abc&state=xyz',
      { 'POST /api/auth/okta': { status: 200, body: DEMO_SESSION }, ...list },
      { session: null, okta },
    );
    expect(await screen.findByRole('heading', { name: t('apd-list.title', { state: 'MD' }) })).toBeInTheDocument();
    expect(finishOktaSignIn).toHaveBeenCalledWith(okta);
    expect(requests[0]).toMatchObject({ method: 'POST', url: '/api/auth/okta', body: { accessToken: 'okta-access-token' } });
  });

  // Every case in the content's words: the API's and the SDK's sentences are never shown.
  it('explains when the API refuses the Okta user', async () => {
    const message = 'No eAPD account matches this Okta user; ask an administrator for access.';
    renderApp(
      '/login/callback?code=abc',
      { 'POST /api/auth/okta': { status: 401, body: { error: { code: 'unauthorized', message } } } },
      { session: null, okta },
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(t('sign-in.okta-refused'));
    expect(screen.getByRole('alert').textContent).not.toContain(message);
    expect(window.location.pathname).toBe('/login/callback');
  });

  it('explains a server without Okta settings (501 not_configured)', async () => {
    renderApp(
      '/login/callback?code=abc',
      { 'POST /api/auth/okta': { status: 501, body: { error: { code: 'not_configured', message: 'set the OKTA_* variables' } } } },
      { session: null, okta },
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(t('sign-in.okta-server-not-configured'));
  });

  it('explains when Okta itself fails, without the SDK’s words', async () => {
    jest.mocked(finishOktaSignIn).mockRejectedValueOnce(new Error('state mismatch'));
    renderApp('/login/callback?code=abc', {}, { session: null, okta });
    expect(await screen.findByRole('alert')).toHaveTextContent(t('sign-in.okta-failed'));
    expect(screen.getByRole('alert').textContent).not.toContain('state mismatch');
  });

  it('explains when Okta returns no access token', async () => {
    const noToken = Object.assign(new Error('Okta returned no access token'), { name: 'OktaNoTokenError' });
    jest.mocked(finishOktaSignIn).mockRejectedValueOnce(noToken);
    renderApp('/login/callback?code=abc', {}, { session: null, okta });
    expect(await screen.findByRole('alert')).toHaveTextContent(t('sign-in.okta-no-token'));
  });

  it('explains a callback reached in a build without Okta settings, in the content\'s words', async () => {
    renderApp('/login/callback?code=abc', {}, { session: null, okta: null });
    expect(await screen.findByRole('alert')).toHaveTextContent(t('sign-in.okta-not-configured'));
  });

  it('returns to the page the user was sent away from (deep link), not the list', async () => {
    window.sessionStorage.setItem('eapd.return-to', '/apds/new');
    renderApp('/login/callback?code=abc', { 'POST /api/auth/okta': { status: 200, body: DEMO_SESSION } }, { session: null, okta, keepStorage: true });
    expect(await screen.findByRole('heading', { name: t('apd-edit.title-new') })).toBeInTheDocument();
    expect(window.location.pathname).toBe('/apds/new');
  });
});
