import type { Browser, BrowserContext, Dialog, Page } from 'playwright-core';
import { launchChromium } from './support/browser';
import { t } from './support/content';
import { apiAs, endPageSession, signInWithForm } from './support/demo-user';
import { serveBuiltApp, type ServedApp } from './support/serve-built-app';
import { createSteps } from './support/steps';
import { startApi, type RunningApi } from './support/start-api';

// Nothing typed is lost: leaving with unsaved changes asks first (in-app link, back, reload),
// the session ending mid-edit keeps the text for after signing in again on the same page, and
// a deep link opened while signed out is where sign-in leads.

const log = (line: string) => process.stdout.write(`[unsaved-changes-e2e] ${line}\n`);
const WAIT = 20_000;

let api: RunningApi | undefined;
let app: ServedApp | undefined;
let browser: Browser | undefined;
let context: BrowserContext | undefined;
let page: Page | undefined;
const step = createSteps('unsaved-changes', () => page, log);
const apds: Record<'guard' | 'session' | 'deep', { id: string; name: string }> = {} as never;

beforeAll(async () => {
  api = await startApi();
  app = await serveBuiltApp(api.url);
  browser = await launchChromium(log);
  const demo = await apiAs(api.url);
  for (const key of ['guard', 'session', 'deep'] as const) {
    const name = `Unsaved changes check (${key})`;
    const created = await demo.createApd({ name, years: [2027], summary: 'As saved.' });
    apds[key] = { id: created.id, name };
  }
});

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await app?.close();
  await api?.stop();
});

afterEach(async () => {
  await context?.close().catch(() => undefined);
  context = undefined;
  page = undefined;
});

async function openPage(): Promise<Page> {
  context = await (browser as Browser).newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  page.setDefaultTimeout(WAIT);
  return page;
}

const url = (path: string) => `${(app as ServedApp).url}${path}`;
const nameField = (current: Page) => current.getByLabel(t('apd-edit.fields.name'), { exact: true });
const summaryField = (current: Page) => current.getByLabel(t('apd-edit.fields.summary'), { exact: true });
const leaveDialog = (current: Page) => current.getByRole('alertdialog', { name: t('apd-edit.leave.title') });
const path = (current: Page) => new URL(current.url()).pathname;

test('leaving with unsaved changes asks first: in-app links, back and reload; Stay keeps the text, Leave goes', async () => {
  const current = await openPage();
  const { id, name } = apds.guard;

  await step('edit-opened-from-list', async () => {
    await current.goto(url('/apds'));
    await signInWithForm(current);
    await current.getByRole('link', { name, exact: true }).click();
    await nameField(current).fill('Typed but not saved');
    expect(path(current)).toBe(`/apds/${id}`);
  });

  await step('link-asks', async () => {
    await current.getByRole('link', { name: t('apd-edit.back') }).click();
    await leaveDialog(current).waitFor();
  });

  await step('link-stay', async () => {
    await current.getByRole('button', { name: t('apd-edit.leave.stay') }).click();
    await leaveDialog(current).waitFor({ state: 'detached' });
    expect(path(current)).toBe(`/apds/${id}`);
    expect(await nameField(current).inputValue()).toBe('Typed but not saved');
  });

  await step('back-asks', async () => {
    await current.goBack();
    await leaveDialog(current).waitFor();
    await current.waitForURL((address) => address.pathname === `/apds/${id}`); // the address stays too
  });

  await step('back-stay', async () => {
    await current.getByRole('button', { name: t('apd-edit.leave.stay') }).click();
    await leaveDialog(current).waitFor({ state: 'detached' });
    expect(await nameField(current).inputValue()).toBe('Typed but not saved');
  });

  await step('reload-stay', async () => {
    // Reload gets the browser's own prompt (pages cannot word it); dismissing it stays.
    const prompt = new Promise<Dialog>((resolve) => current.once('dialog', resolve));
    const reload = current.reload({ timeout: 5_000 }).catch(() => undefined);
    const dialog = await prompt;
    expect(dialog.type()).toBe('beforeunload');
    await dialog.dismiss();
    await reload;
    expect(await nameField(current).inputValue()).toBe('Typed but not saved');
  });

  await step('reload-leave', async () => {
    current.once('dialog', (dialog) => void dialog.accept());
    await current.reload();
    await current.getByRole('heading', { name: t('apd-edit.title-edit', { name }) }).waitFor();
    expect(await nameField(current).inputValue()).toBe(name); // left: the change is gone, as chosen
  });

  await step('back-leave', async () => {
    await nameField(current).fill('Typed again');
    await current.goBack();
    await current.getByRole('button', { name: t('apd-edit.leave.confirm') }).click();
    await current.getByRole('heading', { name: t('apd-list.title', { state: 'MD' }) }).waitFor();
    expect(path(current)).toBe('/apds');
  });

  await step('link-leave', async () => {
    await current.getByRole('link', { name, exact: true }).click();
    await nameField(current).fill('And once more');
    await current.getByRole('link', { name: t('apd-edit.back') }).click();
    await current.getByRole('button', { name: t('apd-edit.leave.confirm') }).click();
    await current.getByRole('link', { name, exact: true }).waitFor(); // unchanged in the list
    expect(path(current)).toBe('/apds');
  });
});

test('the session ends mid-edit: after signing in again, the same page with the text typed', async () => {
  const current = await openPage();
  const { id, name } = apds.session;

  await step('session-editing', async () => {
    await current.goto(url(`/apds/${id}`));
    await signInWithForm(current);
    await nameField(current).fill(`${name}, renamed`);
    await summaryField(current).fill('Typed while the session was ending.');
  });

  await step('session-ended', async () => {
    await endPageSession(current, (api as RunningApi).url);
    await current.getByRole('button', { name: t('apd-edit.save') }).click();
    await current.getByRole('heading', { name: t('sign-in.title') }).waitFor();
    await current.getByText(t('errors.unauthorized')).waitFor();
  });

  await step('session-restored', async () => {
    await signInWithForm(current);
    await current.getByText(t('apd-edit.draft-restored')).waitFor();
    expect(path(current)).toBe(`/apds/${id}`);
    expect(await nameField(current).inputValue()).toBe(`${name}, renamed`);
    expect(await summaryField(current).inputValue()).toBe('Typed while the session was ending.');
  });

  await step('session-saved', async () => {
    await current.getByRole('button', { name: t('apd-edit.save') }).click();
    await current.getByText(t('apd-edit.saved'), { exact: true }).waitFor();
    await current.reload();
    await current.getByRole('heading', { name: t('apd-edit.title-edit', { name: `${name}, renamed` }) }).waitFor();
    expect(await summaryField(current).inputValue()).toBe('Typed while the session was ending.');
  });
});

test('a deep link opened while signed out leads there after sign-in', async () => {
  const current = await openPage(); // a fresh tab: no session
  const { id, name } = apds.deep;

  await step('deep-link-sign-in', async () => {
    await current.goto(url(`/apds/${id}`));
    await current.getByRole('heading', { name: t('sign-in.title') }).waitFor();
    expect(path(current)).toBe('/sign-in');
  });

  await step('deep-link-arrived', async () => {
    await signInWithForm(current);
    await current.getByRole('heading', { name: t('apd-edit.title-edit', { name }) }).waitFor();
    expect(path(current)).toBe(`/apds/${id}`);
  });
});
