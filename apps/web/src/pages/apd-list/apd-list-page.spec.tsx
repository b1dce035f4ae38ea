import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { t } from '../../content/content';
import { apd, APD_ID, renderApp } from '../../testing/render-app';

const list = (items: unknown[]) => ({ status: 200, body: { items, total: items.length, limit: 100, offset: 0 } });

describe('APD list page', () => {
  it('shows a loading state, then the state’s APDs with links to edit', async () => {
    renderApp('/apds', { 'GET /api/apds?limit=100': list([apd()]) });
    expect(screen.getByRole('status')).toHaveTextContent(t('common.loading'));
    const link = await screen.findByRole('link', { name: 'MMIS Modernization' });
    expect(link).toHaveAttribute('href', `/apds/${APD_ID}`);
    expect(screen.getByText('2027, 2028')).toBeInTheDocument();
  });

  it('shows the empty state', async () => {
    renderApp('/apds', { 'GET /api/apds?limit=100': list([]) });
    expect(await screen.findByText(t('apd-list.empty'))).toBeInTheDocument();
  });

  it('deletes only after confirmation; Cancel keeps the APD', async () => {
    let deleted = false;
    const { requests } = renderApp('/apds', {
      'GET /api/apds?limit=100': () => list(deleted ? [] : [apd()]),
      [`DELETE /api/apds/${APD_ID}`]: () => {
        deleted = true;
        return { status: 204 };
      },
    });
    const deleteButton = await screen.findByRole('button', { name: t('apd-list.delete', { name: 'MMIS Modernization' }) });
    await userEvent.click(deleteButton);
    const dialog = screen.getByRole('alertdialog', { name: t('apd-list.confirm-title') });
    const cancel = within(dialog).getByRole('button', { name: t('common.cancel') });
    expect(cancel).toHaveFocus();
    // Tab stays inside the dialog: Cancel → Delete → back to Cancel (and backwards).
    await userEvent.tab();
    expect(within(dialog).getByRole('button', { name: t('apd-list.confirm-delete') })).toHaveFocus();
    await userEvent.tab();
    expect(cancel).toHaveFocus();
    await userEvent.tab({ shift: true });
    expect(within(dialog).getByRole('button', { name: t('apd-list.confirm-delete') })).toHaveFocus();
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(requests.some((r) => r.method === 'DELETE')).toBe(false);

    await userEvent.click(deleteButton);
    await userEvent.click(screen.getByRole('button', { name: t('apd-list.confirm-delete') }));
    expect(await screen.findByText(t('apd-list.deleted', { name: 'MMIS Modernization' }))).toBeInTheDocument();
    await waitFor(() => expect(screen.getByText(t('apd-list.empty'))).toBeInTheDocument());
  });

  it('a 401 returns the user to sign-in with a message', async () => {
    renderApp('/apds', { 'GET /api/apds?limit=100': { status: 401, body: {} } });
    expect(await screen.findByRole('heading', { name: t('sign-in.title') })).toBeInTheDocument();
    expect(screen.getByText(t('errors.unauthorized'))).toBeInTheDocument();
    expect(window.location.pathname).toBe('/sign-in');
    expect(window.sessionStorage.getItem('eapd.session')).toBeNull();
  });

  it('shows server errors with a retry', async () => {
    let calls = 0;
    renderApp('/apds', { 'GET /api/apds?limit=100': () => (++calls === 1 ? { status: 500, body: {} } : list([apd()])) });
    expect(await screen.findByRole('alert')).toHaveTextContent(t('errors.server', { status: 500 }));
    await userEvent.click(screen.getByRole('button', { name: t('common.retry') }));
    expect(await screen.findByRole('link', { name: 'MMIS Modernization' })).toBeInTheDocument();
  });
});
