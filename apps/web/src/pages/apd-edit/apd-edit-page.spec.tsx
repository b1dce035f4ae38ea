import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { t } from '../../content/content';
import { apd, APD_ID, renderApp } from '../../testing/render-app';

const path = `/apds/${APD_ID}`;
const files = { [`GET /api${path}/files`]: { status: 200, body: { items: [] } } };

describe('APD edit page', () => {
  it('loads the APD and computes totals per year and overall as budget lines change', async () => {
    renderApp(path, { [`GET /api${path}`]: { status: 200, body: apd() }, ...files });
    expect(await screen.findByLabelText(t('apd-edit.fields.name'))).toHaveValue('MMIS Modernization');
    expect(within(screen.getByTestId('total-2027')).getAllByRole('cell')[0]).toHaveTextContent('$1,000.00');
    expect(within(screen.getByTestId('total-2027')).getAllByRole('cell')[1]).toHaveTextContent('$900.00');

    await userEvent.click(screen.getByRole('button', { name: t('apd-edit.budget.add') }));
    const amounts = screen.getAllByLabelText(t('apd-edit.budget.amount'));
    await userEvent.type(amounts[1], '500.50');
    const years = screen.getAllByLabelText(t('apd-edit.budget.year'));
    await userEvent.selectOptions(years[1], '2028');

    expect(within(screen.getByTestId('total-2028')).getAllByRole('cell')[0]).toHaveTextContent('$500.50');
    expect(within(screen.getByTestId('total-overall')).getAllByRole('cell')[0]).toHaveTextContent('$1,500.50');
    expect(screen.getByText(t('apd-edit.budget.activity-total', { amount: '$1,500.50' }))).toBeInTheDocument();
  });

  it('saves with the version it read and shows the saved state', async () => {
    const { requests } = renderApp(path, {
      [`GET /api${path}`]: { status: 200, body: apd() },
      [`PATCH /api${path}`]: (req) => ({ status: 200, body: apd({ ...(req.body as object), version: 4 }) }),
      ...files,
    });
    const name = await screen.findByLabelText(t('apd-edit.fields.name'));
    await userEvent.clear(name);
    await userEvent.type(name, 'Renamed');
    await userEvent.click(screen.getByRole('button', { name: t('apd-edit.save') }));
    expect(await screen.findByText(t('apd-edit.saved'))).toBeInTheDocument();
    const patch = requests.find((r) => r.method === 'PATCH');
    expect(patch?.body).toMatchObject({ version: 3, name: 'Renamed', years: [2027, 2028] });
  });

  it('shows client-side validation beside the field and does not call the API', async () => {
    const { requests } = renderApp(path, { [`GET /api${path}`]: { status: 200, body: apd() }, ...files });
    const years = await screen.findByLabelText(t('apd-edit.fields.years'));
    await userEvent.clear(years);
    await userEvent.type(years, '2027, 99');
    await userEvent.click(screen.getByRole('button', { name: t('apd-edit.save') }));
    expect(years).toHaveAccessibleDescription(
      `${t('apd-edit.fields.years-help')} ${t('apd-edit.validation.years-invalid', { value: '99' })}`,
    );
    expect(years).toHaveAttribute('aria-invalid', 'true');
    await waitFor(() => expect(years).toHaveFocus()); // the first field that needs attention
    expect(requests.some((r) => r.method === 'PATCH')).toBe(false);
  });

  it('shows API validation errors next to the right field', async () => {
    renderApp(path, {
      [`GET /api${path}`]: { status: 200, body: apd() },
      [`PATCH /api${path}`]: {
        status: 400,
        body: {
          error: {
            code: 'bad_request',
            message: 'The request body is invalid.',
            problems: [{ path: 'body.activities.0.budget.0.category', message: 'Too long.' }],
          },
        },
      },
      ...files,
    });
    await userEvent.click(await screen.findByRole('button', { name: t('apd-edit.save') }));
    const category = screen.getAllByLabelText(t('apd-edit.budget.category'))[0];
    // The rule in the content's words, not the API's ("Too long."), and the user is taken there.
    await waitFor(() => expect(category).toHaveAccessibleDescription(t('apd-edit.server-validation.category')));
    expect(category).toHaveAttribute('aria-invalid', 'true');
    await waitFor(() => expect(category).toHaveFocus());
    expect(screen.getByRole('alert')).toHaveTextContent(t('errors.validation'));
  });

  it('on 409 says the APD changed elsewhere and reloads the latest version on request', async () => {
    let reads = 0;
    renderApp(path, {
      [`GET /api${path}`]: () => ({ status: 200, body: ++reads === 1 ? apd() : apd({ name: 'Changed elsewhere', version: 5 }) }),
      [`PATCH /api${path}`]: { status: 409, body: { error: { code: 'conflict', message: 'stale' } } },
      ...files,
    });
    await userEvent.click(await screen.findByRole('button', { name: t('apd-edit.save') }));
    expect(await screen.findByText(t('errors.conflict.title'))).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: t('errors.conflict.reload') }));
    expect(await screen.findByLabelText(t('apd-edit.fields.name'))).toHaveValue('Changed elsewhere');
    expect(screen.queryByText(t('errors.conflict.title'))).not.toBeInTheDocument();
  });

  it('creates a new APD, then opens it for editing', async () => {
    const { requests } = renderApp('/apds/new', {
      'POST /api/apds': (req) => ({ status: 201, body: apd({ ...(req.body as object), version: 1 }) }),
      [`GET /api${path}`]: { status: 200, body: apd({ name: 'Brand new', version: 1, activities: [] }) },
      ...files,
    });
    await userEvent.type(await screen.findByLabelText(t('apd-edit.fields.name')), 'Brand new');
    await userEvent.click(screen.getByRole('button', { name: t('apd-edit.activities.add') }));
    await userEvent.type(screen.getByLabelText(t('apd-edit.activities.name')), 'Design');
    await userEvent.click(screen.getByRole('button', { name: t('apd-edit.create') }));
    expect(await screen.findByText(t('apd-edit.created'))).toBeInTheDocument();
    expect(window.location.pathname).toBe(path);
    expect(requests.find((r) => r.method === 'POST')?.body).toMatchObject({
      name: 'Brand new',
      activities: [{ name: 'Design', description: '', budget: [] }],
    });
  });

  it('shows a not-found message for an APD of another state', async () => {
    renderApp(path, { [`GET /api${path}`]: { status: 404, body: {} } });
    expect(await screen.findByRole('alert')).toHaveTextContent(t('errors.not-found'));
  });
});
