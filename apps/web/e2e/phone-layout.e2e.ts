import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './support/browser';
import { t } from './support/content';
import { apiAs, PNG, signInWithForm } from './support/demo-user';
import { sideways } from './support/layout';
import { serveBuiltApp, type ServedApp } from './support/serve-built-app';
import { createSteps } from './support/steps';
import { startApi, type RunningApi } from './support/start-api';

// The app on a phone: at 360 px (small Android phones) and 390 px (current iPhones) no page
// scrolls sideways (document scrollWidth ≤ innerWidth) and nothing is cut off at the edge.
// Screenshots of every page: tmp/e2e-screenshots/phone-layout/.

const log = (line: string) => process.stdout.write(`[phone-layout-e2e] ${line}\n`);
const WAIT = 20_000;
const LONG_NAME = 'Statewide Medicaid Enterprise System modernization, phase two (eligibility and enrollment)';
const LONG_FILE = 'network-diagram-for-the-county-eligibility-offices-final-version-2.png';

let api: RunningApi | undefined;
let app: ServedApp | undefined;
let browser: Browser | undefined;
let context: BrowserContext | undefined;
let page: Page | undefined;
let apdId = '';
const step = createSteps('phone-layout', () => page, log);

beforeAll(async () => {
  api = await startApi();
  app = await serveBuiltApp(api.url);
  browser = await launchChromium(log);
  // An APD with what makes a page wide: a long name, long texts, big amounts, a long file name.
  const demo = await apiAs(api.url);
  const line = (year: number, category: string, amountCents: number) => ({ year, category, federalSharePercent: 90, amountCents });
  const created = await demo.createApd({
    name: LONG_NAME,
    years: [2027, 2028, 2029],
    summary: 'Replace the eligibility system.',
    activities: [
      {
        name: 'Design, development and installation of the new eligibility and enrollment platform',
        description: 'Contractors and state staff.',
        budget: [line(2027, 'Contractors for design, development and installation', 9_999_999_999_99), line(2028, 'State staff', 125_000_00)],
      },
      { name: 'Operations', description: '', budget: [line(2029, 'Hosting', 50_000_00)] },
    ],
  });
  apdId = created.id;
  await demo.upload(apdId, LONG_FILE, PNG, 'image/png');
});

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await app?.close();
  await api?.stop();
});

afterEach(async () => {
  await context?.close().catch(() => undefined);
  context = undefined;
  page = undefined;
});

async function expectNoSideways(current: Page) {
  const report = await sideways(current);
  expect(report.cutOff).toEqual([]);
  expect(report.scrollWidth).toBeLessThanOrEqual(report.innerWidth);
  // Not zoomed out to fit (as mobile emulation does with a too-wide page, widening innerWidth).
  expect(report.innerWidth).toBe(current.viewportSize()?.width);
}

test.each([360, 390])('at %i px wide nothing scrolls sideways or is cut off', async (width) => {
  // A plain (not mobile-emulated) viewport: mobile emulation zooms a too-wide page out to fit,
  // which widens innerWidth and would hide the very overflow this test looks for.
  context = await (browser as Browser).newContext({ viewport: { width, height: 740 } });
  const current = await context.newPage();
  page = current;
  current.setDefaultTimeout(WAIT);
  const url = (app as ServedApp).url;

  await step(`${width}-sign-in`, async () => {
    await current.goto(`${url}/sign-in`);
    await current.getByRole('button', { name: t('sign-in.submit'), exact: true }).click(); // with its messages
    await current.getByText(t('sign-in.email-required')).waitFor();
    await expectNoSideways(current);
  });

  await step(`${width}-apd-list`, async () => {
    await signInWithForm(current);
    await current.getByRole('link', { name: LONG_NAME, exact: true }).waitFor();
    await expectNoSideways(current);
    // The Delete button of every row is whole and inside the screen (it was cut off at 390 px).
    for (const button of await current.getByRole('button', { name: t('apd-list.delete-short'), exact: true }).all()) {
      const box = await button.boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= width).toBe(true);
    }
  });

  await step(`${width}-delete-dialog`, async () => {
    await current.getByRole('button', { name: t('apd-list.delete', { name: LONG_NAME }) }).click();
    await current.getByRole('alertdialog', { name: t('apd-list.confirm-title') }).waitFor();
    await expectNoSideways(current);
  });

  await step(`${width}-apd-edit`, async () => {
    await current.getByRole('button', { name: t('common.cancel') }).click();
    await current.getByRole('link', { name: LONG_NAME, exact: true }).click();
    await current.getByRole('heading', { name: t('apd-edit.title-edit', { name: LONG_NAME }) }).waitFor();
    await current.getByRole('button', { name: t('files.download', { name: LONG_FILE }) }).waitFor();
    await expectNoSideways(current);
  });

  await step(`${width}-apd-edit-messages`, async () => {
    // Messages and "Incomplete" totals take room too.
    await current.getByLabel(t('apd-edit.budget.federal-share'), { exact: true }).first().fill('150');
    await current.getByLabel(t('apd-edit.fields.years'), { exact: true }).fill('2027, 2028, 2029, 99999');
    await current.getByRole('button', { name: t('apd-edit.save') }).click();
    await current.getByText(t('apd-edit.validation.share-invalid')).waitFor();
    await expectNoSideways(current);
  });

  await step(`${width}-remove-file-dialog`, async () => {
    await current.getByRole('button', { name: t('files.remove', { name: LONG_FILE }) }).click();
    await current.getByRole('alertdialog', { name: t('files.confirm-title') }).waitFor();
    await expectNoSideways(current);
  });

  await step(`${width}-leave-dialog`, async () => {
    await current.getByRole('button', { name: t('common.cancel') }).click();
    await current.getByRole('link', { name: t('apd-edit.back') }).click();
    await current.getByRole('alertdialog', { name: t('apd-edit.leave.title') }).waitFor();
    await expectNoSideways(current);
  });

  await step(`${width}-apd-new`, async () => {
    await current.getByRole('button', { name: t('apd-edit.leave.confirm') }).click();
    await current.getByRole('heading', { name: t('apd-list.title', { state: 'MD' }) }).waitFor();
    await current.getByRole('link', { name: t('apd-list.create') }).click();
    await current.getByRole('button', { name: t('apd-edit.activities.add') }).click();
    await current.getByRole('button', { name: t('apd-edit.budget.add') }).click();
    await expectNoSideways(current);
  });

  await step(`${width}-not-found`, async () => {
    current.once('dialog', (dialog) => void dialog.accept()); // the new APD's defaults are not a change, but be sure
    await current.goto(`${url}/apds/not-an-apd`);
    await current.getByText(t('apd-edit.not-found')).waitFor();
    await expectNoSideways(current);
  });

  // The check itself: something wider than the screen is caught.
  await current.evaluate(() => {
    const wide = document.createElement('div');
    wide.textContent = 'wide';
    wide.style.width = '600px';
    document.querySelector('main')?.append(wide);
  });
  const report = await sideways(current);
  expect(report.cutOff.join('\n')).toContain('"wide"');
  expect(report.scrollWidth).toBeGreaterThan(report.innerWidth);
});
