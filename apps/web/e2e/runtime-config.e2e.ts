import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { t } from './support/content';
import { findChromium } from './support/find-chromium';
import { runNx, WORKSPACE } from './support/processes';
import { serveBuiltApp, type RuntimeConfigFile } from './support/serve-built-app';

/**
 * One build for every environment: the SAME bundle in dist/apps/web, served twice with two
 * different /config.json files, calls the API URL each file names (and only that one).
 */
const log = (line: string) => process.stdout.write(`[web-e2e runtime-config] ${line}\n`);

interface StandInApi {
  url: string;
  requests: string[];
  close(): Promise<void>;
}

/** A stand-in API on its own origin: records each call, answers the login with 401 (CORS allowed). */
async function startStandInApi(): Promise<StandInApi> {
  const requests: string[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    const cors = {
      'access-control-allow-origin': req.headers.origin ?? '*',
      'access-control-allow-headers': 'content-type, authorization',
      'access-control-allow-methods': 'GET, POST, PUT, DELETE',
    };
    if (req.method === 'OPTIONS') return void res.writeHead(204, cors).end();
    requests.push(`${req.method} ${req.url}`);
    req.resume();
    res.writeHead(401, { ...cors, 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'wrong password' } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function hashTree(dir: string): string {
  const hash = createHash('sha256');
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else hash.update(`${path.slice(dir.length)}\0`).update(readFileSync(path));
    }
  };
  walk(dir);
  return hash.digest('hex');
}

let browser: Browser | undefined;
const stops: Array<() => Promise<void>> = [];

beforeAll(async () => {
  if (!existsSync(join(WORKSPACE, 'dist/apps/web/index.html'))) runNx(['build', 'web']);
  browser = await chromium.launch({
    executablePath: findChromium(log),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update'],
    timeout: 60_000,
  });
});

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  for (const stop of stops.reverse()) await stop();
});

async function signInAttempt(config: RuntimeConfigFile): Promise<void> {
  const app = await serveBuiltApp(undefined, config);
  stops.push(app.close);
  const context = await browser!.newContext();
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    await page.goto(`${app.url}/sign-in`);
    await page.getByLabel(t('sign-in.email-label'), { exact: true }).fill('someone@example.gov');
    await page.getByLabel(t('sign-in.password-label'), { exact: true }).fill('not-the-password');
    await page.getByLabel(t('sign-in.password-label'), { exact: true }).press('Enter');
    await page.getByRole('alert').first().waitFor();
  } finally {
    await context.close();
  }
}

test('the same bundle calls the API URL that each /config.json names', async () => {
  const bundle = hashTree(join(WORKSPACE, 'dist/apps/web'));
  const staging = await startStandInApi();
  const production = await startStandInApi();
  stops.push(staging.close, production.close);

  await signInAttempt({ apiUrl: `${staging.url}/staging-api`, okta: null });
  expect(staging.requests).toEqual(['POST /staging-api/auth/login']);
  expect(production.requests).toEqual([]);

  await signInAttempt({ apiUrl: `${production.url}/prod/api`, okta: null });
  expect(production.requests).toEqual(['POST /prod/api/auth/login']);
  expect(staging.requests).toHaveLength(1);

  // Nothing was rebuilt between the two: byte for byte the same files.
  expect(hashTree(join(WORKSPACE, 'dist/apps/web'))).toBe(bundle);
  expect(readdirSync(join(WORKSPACE, 'dist/apps/web'))).not.toContain('config.json');
});
