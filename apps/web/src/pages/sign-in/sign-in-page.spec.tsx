import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { t } from '../../content/content';
import { apd, DEMO_SESSION, renderApp } from '../../testing/render-app';

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

  it('checks the email’s shape in the content’s words (not the validator’s “Invalid email address”)', async () => {
    const { requests } = renderApp('/sign-in', {}, { session: null });
    await userEvent.type(screen.getByLabelText(t('sign-in.email-label')), 'not-an-email');
    await userEvent.type(screen.getByLabelText(t('sign-in.password-label')), 'x{Enter}');
    expect(screen.getByLabelText(t('sign-in.email-label'))).toHaveAccessibleDescription(t('sign-in.email-invalid'));
    expect(requests).toHaveLength(0);
  });

  it('a 400 from the API about the email gets the same words, never the API’s', async () => {
    renderApp(
      '/sign-in',
      {
        'POST /api/auth/login': {
          status: 400,
          body: { error: { code: 'bad_request', message: 'The request body is invalid.', problems: [{ path: 'body.email', message: 'Invalid email address' }] } },
        },
      },
      { session: null },
    );
    await userEvent.type(screen.getByLabelText(t('sign-in.email-label')), 'name@agency.gov');
    await userEvent.type(screen.getByLabelText(t('sign-in.password-label')), 'x{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent(t('errors.validation'));
    expect(screen.getByLabelText(t('sign-in.email-label'))).toHaveAccessibleDescription(t('sign-in.email-invalid'));
    expect(document.body.textContent).not.toContain('Invalid email address');
  });

  it('warns how many attempts are left before the lock', async () => {
    const refusal = (attemptsRemaining: number) => ({
      status: 401,
      body: { error: { code: 'unauthorized', message: 'The email or password is incorrect.', attemptsRemaining } },
    });
    let left = 3;
    renderApp('/sign-in', { 'POST /api/auth/login': () => refusal(left--) }, { session: null });
    await userEvent.type(screen.getByLabelText(t('sign-in.email-label')), 'a@b.gov');
    await userEvent.type(screen.getByLabelText(t('sign-in.password-label')), 'x{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent(
      `${t('sign-in.invalid-credentials')}${t('sign-in.attempts-left', { count: 3 })}`,
    );
    await userEvent.type(screen.getByLabelText(t('sign-in.password-label')), '{Enter}');
    await userEvent.type(screen.getByLabelText(t('sign-in.password-label')), '{Enter}');
    expect(await screen.findByText(t('sign-in.attempts-left-one'))).toBeInTheDocument();
  });

  it('says how many minutes the lock lasts: from Retry-After, or from the minutes the API names', async () => {
    const { unmount } = renderApp(
      '/sign-in',
      { 'POST /api/auth/login': { status: 423, body: { error: { code: 'locked', message: 'locked' } }, headers: { 'Retry-After': '840' } } },
      { session: null },
    );
    await userEvent.type(screen.getByLabelText(t('sign-in.email-label')), 'a@b.gov');
    await userEvent.type(screen.getByLabelText(t('sign-in.password-label')), 'x{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent(t('sign-in.locked', { minutes: 14 }));
    unmount();

    const message = 'Too many failed sign-in attempts: this account is locked. Try again in 1 minute.';
    renderApp('/sign-in', { 'POST /api/auth/login': { status: 423, body: { error: { code: 'locked', message } } } }, { session: null });
    await userEvent.type(screen.getByLabelText(t('sign-in.email-label')), 'a@b.gov');
    await userEvent.type(screen.getByLabelText(t('sign-in.password-label')), 'x{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent(t('sign-in.locked-one-minute'));
    expect(screen.getByRole('alert').textContent).not.toContain(message);
  });

  it('a lock without a stated wait still gets the content’s words', async () => {
    renderApp('/sign-in', { 'POST /api/auth/login': { status: 423, body: {} } }, { session: null });
    await userEvent.type(screen.getByLabelText(t('sign-in.email-label')), 'a@b.gov');
    await userEvent.type(screen.getByLabelText(t('sign-in.password-label')), 'x{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent(t('errors.locked'));
  });

  it('returns to a deep link after sign-in, not to the list', async () => {
    const id = '10000000-0000-4000-8000-000000000101';
    renderApp(
      `/apds/${id}`,
      { 'POST /api/auth/login': { status: 200, body: DEMO_SESSION }, [`GET /api/apds/${id}`]: { status: 200, body: apd() }, [`GET /api/apds/${id}/files`]: { status: 200, body: { items: [] } } },
      { session: null },
    );
    expect(await screen.findByRole('heading', { name: t('sign-in.title') })).toBeInTheDocument();
    expect(window.location.pathname).toBe('/sign-in');
    await userEvent.type(screen.getByLabelText(t('sign-in.email-label')), 'demo@example.gov');
    await userEvent.type(screen.getByLabelText(t('sign-in.password-label')), 'demo-password-1{Enter}');
    expect(await screen.findByRole('heading', { name: t('apd-edit.title-edit', { name: 'MMIS Modernization' }) })).toBeInTheDocument();
    expect(window.location.pathname).toBe(`/apds/${id}`);
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
