import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { t } from './support/content';
import { findChromium } from './support/find-chromium';
import { WORKSPACE } from './support/processes';
import { serveBuiltApp, type ServedApp } from './support/serve-built-app';
import { createSteps } from './support/steps';
import { startApi, type RunningApi } from './support/start-api';

const DEMO = { email: 'demo@example.gov', password: 'demo-password-1' };
// A valid 1×1 PNG: the API checks the content, not just the name.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const WAIT = 20_000;

let api: RunningApi | undefined;
let app: ServedApp | undefined;
let context: BrowserContext | undefined;
let userDataDir: string | undefined;
let page: Page;

const log = (line: string) => process.stdout.write(`[web-e2e] ${line}\n`);

// Screenshots: tmp/e2e-screenshots/apd-journey/NN-<step>.png, FAILED-<step>.png on failure.
const step = createSteps('apd-journey', () => page, log);

beforeAll(async () => {
  const executablePath = findChromium(log);
  api = await startApi();
  log(`API on ${api.url}`);
  app = await serveBuiltApp(api.url);
  log(`built web app on ${app.url}`);
  userDataDir = mkdtempSync(join(tmpdir(), 'eapd-chromium-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    acceptDownloads: true,
    viewport: { width: 1280, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    timeout: 60_000,
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(WAIT);
});

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await app?.close();
  if (api) {
    const output = api.output;
    await api.stop();
    if (output.some((line) => /error/i.test(line))) log(`API output (last lines):\n${output.slice(-20).join('\n')}`);
  }
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
});

test('a state user signs in, drafts an APD with a budget and a file, and signs out', async () => {
  const apdName = `E2E broadband APD ${Date.now()}`;

  await step('sign-in', async () => {
    await page.goto(`${app?.url}/apds`);
    await page.getByRole('heading', { name: t('sign-in.title') }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/sign-in');
  });

  await step('apd-list', async () => {
    await page.getByLabel(t('sign-in.email-label'), { exact: true }).fill(DEMO.email);
    await page.getByLabel(t('sign-in.password-label'), { exact: true }).fill(DEMO.password);
    await page.getByLabel(t('sign-in.password-label'), { exact: true }).press('Enter'); // keyboard submit
    await page.getByRole('heading', { name: t('apd-list.title', { state: 'MD' }) }).waitFor();
    // The development seed's APDs for the demo user's state are listed.
    await page.getByRole('link', { name: 'Maryland MMIS Modernization', exact: true }).waitFor();
  });

  await step('apd-new', async () => {
    await page.getByRole('link', { name: t('apd-list.create') }).click();
    await page.getByRole('heading', { name: t('apd-edit.title-new') }).waitFor();
    await page.getByLabel(t('apd-edit.fields.name'), { exact: true }).fill(apdName);
    await page.getByLabel(t('apd-edit.fields.years'), { exact: true }).fill('2027, 2028');
    await page.getByLabel(t('apd-edit.fields.summary'), { exact: true }).fill('Broadband for county eligibility offices.');
    await page.getByRole('button', { name: t('apd-edit.activities.add') }).click();
    await page.getByLabel(t('apd-edit.activities.name'), { exact: true }).fill('Network upgrade');
    await page.getByRole('button', { name: t('apd-edit.budget.add') }).click();
    await page.getByLabel(t('apd-edit.budget.year'), { exact: true }).selectOption('2028');
    await page.getByLabel(t('apd-edit.budget.category'), { exact: true }).fill('contractors');
    await page.getByLabel(t('apd-edit.budget.federal-share'), { exact: true }).fill('75');
    await page.getByLabel(t('apd-edit.budget.amount'), { exact: true }).fill('1234.56');
    await expectTotals('$1,234.56', '$925.92');
  });

  await step('apd-created', async () => {
    await page.getByRole('button', { name: t('apd-edit.create') }).click();
    await page.getByText(t('apd-edit.created')).waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/apds\/[0-9a-f-]{36}$/);
    await expectTotals('$1,234.56', '$925.92');
  });

  await step('file-attached', async () => {
    await page.getByLabel(t('files.choose'), { exact: true }).setInputFiles({ name: 'network-diagram.png', mimeType: 'image/png', buffer: PNG });
    await page.getByRole('button', { name: t('files.upload') }).click();
    await page.getByText(t('files.uploaded', { name: 'network-diagram.png' })).waitFor();
    await page.getByRole('button', { name: t('files.download', { name: 'network-diagram.png' }) }).waitFor();
  });

  await step('after-reload', async () => {
    await page.reload();
    await page.getByRole('heading', { name: t('apd-edit.title-edit', { name: apdName }) }).waitFor();
    expect(await page.getByLabel(t('apd-edit.fields.years'), { exact: true }).inputValue()).toBe('2027, 2028');
    expect(await page.getByLabel(t('apd-edit.activities.name'), { exact: true }).inputValue()).toBe('Network upgrade');
    expect(await page.getByLabel(t('apd-edit.budget.amount'), { exact: true }).inputValue()).toBe('1234.56');
    expect(await page.getByLabel(t('apd-edit.budget.year'), { exact: true }).inputValue()).toBe('2028');
    await expectTotals('$1,234.56', '$925.92');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: t('files.download', { name: 'network-diagram.png' }) }).click();
    const saved = await (await download).path();
    expect(readFileSync(saved).equals(PNG)).toBe(true);
  });

  await step('file-remove-confirm', async () => {
    await page.getByRole('button', { name: t('files.remove', { name: 'network-diagram.png' }) }).click();
    await page.getByRole('alertdialog', { name: t('files.confirm-title') }).waitFor();
  });

  await step('file-remove-cancelled', async () => {
    await page.getByRole('button', { name: t('common.cancel') }).click();
    await page.getByRole('alertdialog').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: t('files.download', { name: 'network-diagram.png' }) }).waitFor();
  });

  await step('file-removed', async () => {
    await page.getByRole('button', { name: t('files.remove', { name: 'network-diagram.png' }) }).click();
    await page.getByRole('button', { name: t('files.confirm-remove') }).click();
    await page.getByText(t('files.removed', { name: 'network-diagram.png' })).waitFor();
    await page.getByText(t('files.empty')).waitFor();
    await page.reload(); // gone on the server, not just from the page
    await page.getByText(t('files.empty')).waitFor();
  });

  await step('edited', async () => {
    await page.getByLabel(t('apd-edit.fields.summary'), { exact: true }).fill('Broadband for every county office.');
    await page.getByRole('button', { name: t('apd-edit.save') }).click();
    await page.getByText(t('apd-edit.saved'), { exact: true }).waitFor();
  });

  await step('listed', async () => {
    await page.getByRole('link', { name: t('apd-edit.back') }).click();
    await page.getByRole('link', { name: apdName, exact: true }).waitFor();
  });

  await step('delete-confirm', async () => {
    await page.getByRole('button', { name: t('apd-list.delete', { name: apdName }) }).click();
    await page.getByRole('alertdialog', { name: t('apd-list.confirm-title') }).waitFor();
  });

  await step('deleted', async () => {
    await page.getByRole('button', { name: t('apd-list.confirm-delete') }).click();
    await page.getByText(t('apd-list.deleted', { name: apdName })).waitFor();
    await page.getByRole('link', { name: apdName, exact: true }).waitFor({ state: 'detached' });
  });

  await step('signed-out', async () => {
    await page.getByRole('button', { name: t('common.sign-out') }).click();
    await page.getByText(t('sign-in.signed-out')).waitFor();
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await page.goto(`${app?.url}/apds`); // the session is gone: back to sign-in
    await page.getByRole('heading', { name: t('sign-in.title') }).waitFor();
  });
});

test('the served build names every asset by content hash, except index.html and favicon.ico', () => {
  // The S3 sync caches hashed files forever; an un-hashed asset would be served stale.
  const files = readdirSync(join(WORKSPACE, 'dist/apps/web'));
  const unhashed = files.filter((f) => !['index.html', 'favicon.ico'].includes(f) && !/\.[0-9a-f]{16,}\.\w+$/.test(f));
  expect(files).toContain('index.html');
  expect(unhashed).toEqual([]);
});

async function expectTotals(total: string, federal: string) {
  const overall = page.getByTestId('total-overall');
  await expect(overall.getByRole('cell').nth(0).textContent()).resolves.toBe(total);
  await expect(overall.getByRole('cell').nth(1).textContent()).resolves.toBe(federal);
  await page.getByText(t('apd-edit.budget.activity-total', { amount: total })).waitFor();
}
