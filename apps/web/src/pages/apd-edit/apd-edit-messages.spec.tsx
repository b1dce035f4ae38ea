import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { t } from '../../content/content';
import { apd, APD_ID, renderApp } from '../../testing/render-app';

const path = `/apds/${APD_ID}`;
const files = { [`GET /api${path}/files`]: { status: 200, body: { items: [] } } };
const load = (body = apd()) => ({ [`GET /api${path}`]: { status: 200, body }, ...files });
const field = (label: string) => screen.getByLabelText(label, { selector: 'input, select, textarea' });
const cells = (testId: string) => within(screen.getByTestId(testId)).getAllByRole('cell').map((c) => c.textContent);
const save = async () => userEvent.click(await screen.findByRole('button', { name: t('apd-edit.save') }));

async function replace(element: HTMLElement, text: string) {
  await userEvent.clear(element);
  if (text) await userEvent.type(element, text);
}

describe('APD edit page: messages in the content’s words', () => {
  it('an address that cannot be an APD says so, without asking the API or mentioning fields', async () => {
    const { requests } = renderApp('/apds/not-a-uuid', {});
    expect(await screen.findByRole('alert')).toHaveTextContent(t('apd-edit.not-found'));
    expect(screen.queryByText(t('errors.validation'))).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: t('common.retry') })).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: t('apd-edit.back') })).toHaveAttribute('href', '/apds');
    expect(requests).toHaveLength(0);
  });

  it('a 400 on loading (the API refusing the id) is “not found” too', async () => {
    renderApp(path, { [`GET /api${path}`]: { status: 400, body: { error: { code: 'bad_request', message: 'The request params is invalid.' } } } });
    expect(await screen.findByRole('alert')).toHaveTextContent(t('apd-edit.not-found'));
  });

  it('503 while saving: says to wait as long as Retry-After says', async () => {
    renderApp(path, {
      ...load(),
      [`PATCH /api${path}`]: { status: 503, body: { error: { code: 'unavailable', message: 'db' } }, headers: { 'Retry-After': '30' } },
    });
    await save();
    expect(await screen.findByRole('alert')).toHaveTextContent(t('errors.unavailable-seconds', { seconds: 30 }));
  });

  it('API problems without a rule, and without a field, get general sentences, not the API’s', async () => {
    renderApp(path, {
      ...load(),
      [`PATCH /api${path}`]: {
        status: 400,
        body: {
          error: {
            code: 'bad_request',
            message: 'The request body is invalid.',
            problems: [
              { path: 'body.activities.0.description', message: 'Must not contain NUL characters.' },
              { path: 'body', message: 'Change at least one field besides version.' },
            ],
          },
        },
      },
    });
    await save();
    const description = await screen.findByLabelText(t('apd-edit.activities.description'));
    await waitFor(() => expect(description).toHaveAccessibleDescription(t('apd-edit.server-validation.description')));
    expect(screen.getByText(t('apd-edit.server-validation.form'))).toBeInTheDocument();
    expect(document.body.textContent).not.toMatch(/NUL characters|besides version/);
  });

  it('refuses invisible control characters (e.g. a pasted NUL) before the API does', async () => {
    const { requests } = renderApp(path, load());
    const summary = await screen.findByLabelText(t('apd-edit.fields.summary'));
    await replace(summary, 'ok');
    await userEvent.paste('bad\u0000text');
    await save();
    expect(summary).toHaveAccessibleDescription(`${t('apd-edit.fields.summary-help')} ${t('apd-edit.validation.control-characters')}`);
    expect(requests.some((r) => r.method === 'PATCH')).toBe(false);
  });
});

describe('APD edit page: budget form', () => {
  it('invalid inputs show as incomplete in the totals, never as $0 (150 % federal share)', async () => {
    renderApp(path, load());
    const share = await screen.findByLabelText(t('apd-edit.budget.federal-share'));
    await replace(share, '150');
    const incomplete = t('apd-edit.totals.incomplete');
    expect(cells('total-2027')).toEqual(['$1,000.00', incomplete, incomplete]);
    expect(cells('total-overall')).toEqual(['$1,000.00', incomplete, incomplete]);
    expect(screen.getByText(t('apd-edit.totals.incomplete-note'))).toBeInTheDocument();

    await replace(field(t('apd-edit.budget.amount')), '12,34x');
    expect(cells('total-2027')).toEqual([incomplete, incomplete, incomplete]);
    expect(screen.getByText(t('apd-edit.budget.activity-total-incomplete'))).toBeInTheDocument();

    await replace(share, '50');
    await replace(field(t('apd-edit.budget.amount')), '100');
    expect(cells('total-2027')).toEqual(['$100.00', '$50.00', '$50.00']);
    expect(screen.queryByText(t('apd-edit.totals.incomplete-note'))).not.toBeInTheDocument();
  });

  it('after a failed save, each message goes away as soon as its field is valid', async () => {
    const { requests } = renderApp(path, load());
    const share = await screen.findByLabelText(t('apd-edit.budget.federal-share'));
    const name = field(t('apd-edit.fields.name'));
    await replace(share, '150');
    await replace(name, '');
    await save();
    expect(share).toHaveAccessibleDescription(t('apd-edit.validation.share-invalid'));
    expect(name).toHaveAccessibleDescription(`${t('apd-edit.fields.name-help')} ${t('apd-edit.validation.name-required')}`);
    expect(screen.getByText(t('errors.validation'))).toBeInTheDocument();

    await replace(share, '75');
    expect(share).not.toHaveAttribute('aria-invalid');
    expect(share).toHaveAccessibleDescription('');
    expect(name).toHaveAttribute('aria-invalid', 'true'); // still wrong: still said

    await userEvent.type(name, 'Fixed');
    expect(name).not.toHaveAttribute('aria-invalid');
    expect(screen.queryByText(t('errors.validation'))).not.toBeInTheDocument();
    expect(requests.some((r) => r.method === 'PATCH')).toBe(false);
  });

  it('an API message stays until its field is edited', async () => {
    renderApp(path, {
      ...load(),
      [`PATCH /api${path}`]: {
        status: 400,
        body: { error: { code: 'bad_request', message: 'x', problems: [{ path: 'body.activities.0.budget.0.category', message: 'Too long.' }] } },
      },
    });
    await save();
    const category = field(t('apd-edit.budget.category'));
    await waitFor(() => expect(category).toHaveAccessibleDescription(t('apd-edit.server-validation.category')));
    await userEvent.type(category, 's');
    expect(category).toHaveAccessibleDescription('');
  });

  it('the years message names every bad entry, and lines with a good year are not blamed', async () => {
    renderApp(path, load(apd({ activities: [{ name: 'A', description: '', budget: [{ year: 2027, category: 'c', federalSharePercent: 90, amountCents: 100 }, { year: 2028, category: 'c', federalSharePercent: 90, amountCents: 100 }] }] })));
    const years = await screen.findByLabelText(t('apd-edit.fields.years'));
    await replace(years, '2027, 99, 2028, 3000, 2027');
    await save();
    const expected = `${t('apd-edit.validation.years-invalid-many', { values: t('common.list-two', { first: '99', second: '3000' }) })} ${t('apd-edit.validation.years-duplicate', { value: '2027' })}`;
    expect(years).toHaveAccessibleDescription(`${t('apd-edit.fields.years-help')} ${expected}`);
    expect(screen.queryByText(t('apd-edit.validation.line-year-invalid'))).not.toBeInTheDocument();

    await replace(years, '2027');
    // Now the 2028 line is the one that needs attention, and only it.
    expect(screen.getAllByText(t('apd-edit.validation.line-year-invalid'))).toHaveLength(1);
  });

  it('labels each budget line group by its activity and number', async () => {
    renderApp(path, load());
    expect(await screen.findByRole('group', { name: t('apd-edit.budget.line', { activity: 1, number: 1 }) })).toBeInTheDocument();
  });

  it.each([
    ['with activities', true, () => t('apd-edit.created')],
    ['without activities', false, () => t('apd-edit.created-no-activities')],
  ])('after creating an APD %s, says what can be done next', async (_name, withActivity, message) => {
    renderApp('/apds/new', {
      'POST /api/apds': (req) => ({ status: 201, body: apd({ ...(req.body as object), version: 1 }) }),
      [`GET /api${path}`]: { status: 200, body: apd({ activities: withActivity ? apd().activities : [] }) },
      ...files,
    });
    await userEvent.type(await screen.findByLabelText(t('apd-edit.fields.name')), 'New');
    if (withActivity) {
      await userEvent.click(screen.getByRole('button', { name: t('apd-edit.activities.add') }));
      await userEvent.type(screen.getByLabelText(t('apd-edit.activities.name')), 'Design');
    }
    await userEvent.click(screen.getByRole('button', { name: t('apd-edit.create') }));
    expect(await screen.findByText(message())).toBeInTheDocument();
  });
});
