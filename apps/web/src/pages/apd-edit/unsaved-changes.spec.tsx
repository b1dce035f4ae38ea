import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { t } from '../../content/content';
import { apd, APD_ID, DEMO_SESSION, renderApp } from '../../testing/render-app';

const path = `/apds/${APD_ID}`;
const list = { 'GET /api/apds?limit=100': { status: 200, body: { items: [apd()], total: 1, limit: 100, offset: 0 } } };
const routes = {
  [`GET /api${path}`]: { status: 200, body: apd() },
  [`GET /api${path}/files`]: { status: 200, body: { items: [] } },
  ...list,
};
const leaveDialog = () => screen.queryByRole('alertdialog', { name: t('apd-edit.leave.title') });

async function editName(text: string) {
  const name = await screen.findByLabelText(t('apd-edit.fields.name'));
  await userEvent.clear(name);
  await userEvent.type(name, text);
  return name;
}

function unloadPrevented(): boolean {
  const event = new Event('beforeunload', { cancelable: true });
  window.dispatchEvent(event);
  return event.defaultPrevented;
}

describe('leaving with unsaved changes', () => {
  it('an in-app link asks first: Stay keeps the text, Leave goes', async () => {
    renderApp(path, routes);
    const name = await editName('Half-typed name');
    await userEvent.click(screen.getByRole('link', { name: t('apd-edit.back') }));
    expect(leaveDialog()).toBeInTheDocument();
    expect(leaveDialog()).toHaveAccessibleDescription(t('apd-edit.leave.body'));
    expect(screen.getByRole('button', { name: t('apd-edit.leave.stay') })).toHaveFocus(); // the safe choice
    await userEvent.click(screen.getByRole('button', { name: t('apd-edit.leave.stay') }));
    expect(leaveDialog()).not.toBeInTheDocument();
    expect(window.location.pathname).toBe(path);
    expect(name).toHaveValue('Half-typed name');

    await userEvent.click(screen.getByRole('link', { name: t('apd-edit.back') }));
    await userEvent.click(screen.getByRole('button', { name: t('apd-edit.leave.confirm') }));
    expect(await screen.findByRole('heading', { name: t('apd-list.title', { state: 'MD' }) })).toBeInTheDocument();
    expect(window.location.pathname).toBe('/apds');
  });

  it('nothing changed (or everything saved): links just go', async () => {
    renderApp(path, { ...routes, [`PATCH /api${path}`]: (req) => ({ status: 200, body: apd({ ...(req.body as object), version: 4 }) }) });
    await editName('Renamed');
    await userEvent.click(screen.getByRole('button', { name: t('apd-edit.save') }));
    await screen.findByText(t('apd-edit.saved'));
    expect(unloadPrevented()).toBe(false);
    await userEvent.click(screen.getByRole('link', { name: t('apd-edit.back') }));
    expect(leaveDialog()).not.toBeInTheDocument();
    await waitFor(() => expect(window.location.pathname).toBe('/apds'));
  });

  it('typing the old value back is not a change', async () => {
    renderApp(path, routes);
    await editName('MMIS Modernization');
    expect(unloadPrevented()).toBe(false);
  });

  it('reload and closing the tab get the browser’s prompt while there are changes', async () => {
    renderApp(path, routes);
    await screen.findByLabelText(t('apd-edit.fields.name'));
    expect(unloadPrevented()).toBe(false);
    await editName('Changed');
    expect(unloadPrevented()).toBe(true);
  });

  it('the browser’s back button asks first and stays on the page until the user agrees', async () => {
    renderApp('/apds', routes);
    await userEvent.click(await screen.findByRole('link', { name: 'MMIS Modernization' }));
    const name = await editName('Typed, not saved');
    act(() => window.history.back());
    expect(await screen.findByRole('alertdialog', { name: t('apd-edit.leave.title') })).toBeInTheDocument();
    await waitFor(() => expect(window.location.pathname).toBe(path));
    await userEvent.click(screen.getByRole('button', { name: t('apd-edit.leave.stay') }));
    expect(name).toHaveValue('Typed, not saved');

    act(() => window.history.back());
    await userEvent.click(await screen.findByRole('button', { name: t('apd-edit.leave.confirm') }));
    expect(await screen.findByRole('heading', { name: t('apd-list.title', { state: 'MD' }) })).toBeInTheDocument();
    expect(window.location.pathname).toBe('/apds');
  });

  it('signing out asks first too', async () => {
    const { requests } = renderApp(path, { ...routes, 'POST /api/auth/logout': { status: 204 } });
    await editName('Changed');
    await userEvent.click(screen.getByRole('button', { name: t('common.sign-out') }));
    expect(leaveDialog()).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: t('apd-edit.leave.stay') }));
    expect(requests.some((r) => r.url === '/api/auth/logout')).toBe(false);
    await userEvent.click(screen.getByRole('button', { name: t('common.sign-out') }));
    await userEvent.click(screen.getByRole('button', { name: t('apd-edit.leave.confirm') }));
    expect(await screen.findByText(t('sign-in.signed-out'))).toBeInTheDocument();
  });
});

describe('the session ending while editing', () => {
  it('keeps the typed text; after signing in again the user is back on the same page with it', async () => {
    let expired = true;
    const { requests } = renderApp(path, {
      ...routes,
      [`PATCH /api${path}`]: (req) =>
        expired ? { status: 401, body: { error: { code: 'unauthorized', message: 'expired' } } } : { status: 200, body: apd({ ...(req.body as object), version: 4 }) },
      'POST /api/auth/login': () => {
        expired = false;
        return { status: 200, body: DEMO_SESSION };
      },
    });
    await editName('Typed before the session ended');
    const summary = screen.getByLabelText(t('apd-edit.fields.summary'));
    await userEvent.type(summary, ' More words.');
    await userEvent.click(screen.getByRole('button', { name: t('apd-edit.save') }));

    expect(await screen.findByRole('heading', { name: t('sign-in.title') })).toBeInTheDocument();
    expect(screen.getByText(t('errors.unauthorized'))).toBeInTheDocument();
    expect(leaveDialog()).not.toBeInTheDocument(); // the session ended: nothing to ask

    await userEvent.type(screen.getByLabelText(t('sign-in.email-label')), 'demo@example.gov');
    await userEvent.type(screen.getByLabelText(t('sign-in.password-label')), 'demo-password-1{Enter}');
    expect(await screen.findByText(t('apd-edit.draft-restored'))).toBeInTheDocument();
    expect(window.location.pathname).toBe(path);
    expect(screen.getByLabelText(t('apd-edit.fields.name'))).toHaveValue('Typed before the session ended');
    expect(screen.getByLabelText(t('apd-edit.fields.summary'))).toHaveValue('Replace the claims system. More words.');
    expect(unloadPrevented()).toBe(true); // still unsaved

    await userEvent.click(screen.getByRole('button', { name: t('apd-edit.save') }));
    expect(await screen.findByText(t('apd-edit.saved'))).toBeInTheDocument();
    const saved = requests.filter((r) => r.method === 'PATCH').pop();
    expect(saved?.body).toMatchObject({ version: 3, name: 'Typed before the session ended' });
    expect(window.sessionStorage.getItem('eapd.draft')).toBeNull();
  });

  it('keeps a new APD’s text too', async () => {
    renderApp('/apds/new', {
      'POST /api/apds': { status: 401, body: {} },
      'POST /api/auth/login': { status: 200, body: DEMO_SESSION },
    });
    await editName('A new APD');
    await userEvent.click(screen.getByRole('button', { name: t('apd-edit.create') }));
    await userEvent.type(await screen.findByLabelText(t('sign-in.email-label')), 'demo@example.gov');
    await userEvent.type(screen.getByLabelText(t('sign-in.password-label')), 'x{Enter}');
    expect(await screen.findByText(t('apd-edit.draft-restored'))).toBeInTheDocument();
    expect(window.location.pathname).toBe('/apds/new');
    expect(screen.getByLabelText(t('apd-edit.fields.name'))).toHaveValue('A new APD');
  });

  it('someone else signing in on the tab does not get the text', async () => {
    const other = { ...DEMO_SESSION, token: 'token-2', user: { ...DEMO_SESSION.user, id: 'u2', email: 'other@example.gov' } };
    renderApp(path, {
      ...routes,
      [`PATCH /api${path}`]: { status: 401, body: {} },
      'POST /api/auth/login': { status: 200, body: other },
    });
    await editName('Private draft');
    await userEvent.click(screen.getByRole('button', { name: t('apd-edit.save') }));
    await userEvent.type(await screen.findByLabelText(t('sign-in.email-label')), 'other@example.gov');
    await userEvent.type(screen.getByLabelText(t('sign-in.password-label')), 'x{Enter}');
    expect(await screen.findByLabelText(t('apd-edit.fields.name'))).toHaveValue('MMIS Modernization');
    expect(screen.queryByText(t('apd-edit.draft-restored'))).not.toBeInTheDocument();
    expect(window.sessionStorage.getItem('eapd.draft')).toBeNull();
  });

  it('signing out on purpose forgets where the user was', async () => {
    renderApp(path, { ...routes, 'POST /api/auth/logout': { status: 204 }, 'POST /api/auth/login': { status: 200, body: DEMO_SESSION } });
    await userEvent.click(await screen.findByRole('button', { name: t('common.sign-out') }));
    await userEvent.type(await screen.findByLabelText(t('sign-in.email-label')), 'demo@example.gov');
    await userEvent.type(screen.getByLabelText(t('sign-in.password-label')), 'x{Enter}');
    expect(await screen.findByRole('heading', { name: t('apd-list.title', { state: 'MD' }) })).toBeInTheDocument();
  });
});
