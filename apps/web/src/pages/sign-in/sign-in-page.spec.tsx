import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { t } from '../../content/content';
import { DEMO_SESSION, renderApp } from '../../testing/render-app';

const listRoute = { 'GET /api/apds?limit=100': { status: 200, body: { items: [], total: 0, limit: 100, offset: 0 } } };

describe('sign-in page', () => {
  it('signs in with email and password, stores the session and shows the APD list', async () => {
    const { requests } = renderApp(
      '/apds',
      { 'POST /api/auth/login': { status: 200, body: DEMO_SESSION }, ...listRoute },
      { session: null },
    );
    expect(await screen.findByRole('heading', { name: t('sign-in.title') })).toBeInTheDocument();
    expect(window.location.pathname).toBe('/sign-in');

    await userEvent.type(screen.getByLabelText(t('sign-in.email-label')), 'demo@example.gov');
    await userEvent.type(screen.getByLabelText(t('sign-in.password-label')), 'demo-password-1{Enter}');

    expect(await screen.findByRole('heading', { name: t('apd-list.title', { state: 'MD' }) })).toBeInTheDocument();
    expect(requests[0].body).toEqual({ email: 'demo@example.gov', password: 'demo-password-1' });
    expect(window.location.pathname).toBe('/apds');
    expect(JSON.parse(window.sessionStorage.getItem('eapd.session') ?? '{}').token).toBe(DEMO_SESSION.token);
    // Every later call carries the token.
    expect(requests[1].headers['Authorization']).toBe(`Bearer ${DEMO_SESSION.token}`);
  });

  it('checks required fields before calling the API, with the message beside each field', async () => {
    const { requests } = renderApp('/sign-in', {}, { session: null });
    await userEvent.click(screen.getByRole('button', { name: t('sign-in.submit') }));
    expect(screen.getByLabelText(t('sign-in.email-label'))).toHaveAccessibleDescription(t('sign-in.email-required'));
    expect(screen.getByLabelText(t('sign-in.password-label'))).toHaveAccessibleDescription(
      t('sign-in.password-required'),
    );
    expect(requests).toHaveLength(0);
  });

  it('says the credentials are wrong on 401 and stays on the page', async () => {
    renderApp('/sign-in', { 'POST /api/auth/login': { status: 401, body: { error: { message: 'x' } } } }, { session: null });
    await userEvent.type(screen.getByLabelText(t('sign-in.email-label')), 'demo@example.gov');
    await userEvent.type(screen.getByLabelText(t('sign-in.password-label')), 'nope{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent(t('sign-in.invalid-credentials'));
    expect(window.location.pathname).toBe('/sign-in');
  });

  it('shows the lockout message on 423 and the network message when the API is unreachable', async () => {
    renderApp('/sign-in', { 'POST /api/auth/login': { status: 423, body: {} } }, { session: null });
    await userEvent.type(screen.getByLabelText(t('sign-in.email-label')), 'a@b.gov');
    await userEvent.type(screen.getByLabelText(t('sign-in.password-label')), 'x{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent(t('errors.locked'));
  });

  it('shows a network error instead of swallowing it', async () => {
    renderApp('/sign-in', { 'POST /api/auth/login': new TypeError('Failed to fetch') }, { session: null });
    await userEvent.type(screen.getByLabelText(t('sign-in.email-label')), 'a@b.gov');
    await userEvent.type(screen.getByLabelText(t('sign-in.password-label')), 'x{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent(t('errors.network'));
  });

  it('offers Okta only when the build has Okta settings', async () => {
    const { unmount } = renderApp('/sign-in', {}, { session: null });
    expect(screen.queryByRole('button', { name: t('sign-in.okta') })).not.toBeInTheDocument();
    unmount();
    renderApp('/sign-in', {}, { session: null, okta: { issuer: 'https://x.okta.com/oauth2/default', clientId: 'c' } });
    expect(screen.getByRole('button', { name: t('sign-in.okta') })).toBeInTheDocument();
  });

  it('signs out: revokes the session, forgets the token, returns to sign-in', async () => {
    const { requests } = renderApp('/apds', { ...listRoute, 'POST /api/auth/logout': { status: 204 } });
    await userEvent.click(await screen.findByRole('button', { name: t('common.sign-out') }));
    expect(await screen.findByText(t('sign-in.signed-out'))).toBeInTheDocument();
    await waitFor(() => expect(window.location.pathname).toBe('/sign-in'));
    expect(requests.map((r) => `${r.method} ${r.url}`)).toContain('POST /api/auth/logout');
    expect(window.sessionStorage.getItem('eapd.session')).toBeNull();
  });
});
