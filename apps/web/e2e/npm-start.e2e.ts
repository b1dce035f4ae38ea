import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { t } from './support/content';
import { findChromium } from './support/find-chromium';
import { WORKSPACE } from './support/processes';
import { createSteps } from './support/steps';

// The README's start command as a user runs it: `npm start` prints ONE URL and the demo login;
// that URL shows a working app in Chromium; Ctrl-C stops the web server, the API and PostgreSQL.
// Free ports (PORT=0, WEB_PORT=0) and a temporary data folder keep it clear of a developer's own run.

const log = (line: string) => process.stdout.write(`[npm-start-e2e] ${line}\n`);
const READY_MS = 240_000; // cold: an API build, the dev server's first compile, initdb

let start: ChildProcess | undefined;
let browser: Browser | undefined;
let page: Page | undefined;
let dataRoot: string | undefined;
const output: string[] = [];
const step = createSteps('npm-start', () => page, log);

function exited(child: ChildProcess, timeoutMs: number): Promise<number | string> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode ?? String(child.signalCode));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not exit within ${timeoutMs / 1000} s of Ctrl-C`)), timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(code ?? String(signal));
    });
  });
}

function waitForLine(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const check = () => {
      for (const line of output) {
        const match = pattern.exec(line);
        if (match) return resolve(match);
      }
      if (start?.exitCode !== null) return reject(new Error(`npm start exited (${start?.exitCode}):\n${output.slice(-30).join('\n')}`));
      if (Date.now() > deadline) return reject(new Error(`no ${pattern} within ${timeoutMs / 1000} s:\n${output.slice(-30).join('\n')}`));
      setTimeout(check, 250);
    };
    const deadline = Date.now() + timeoutMs;
    check();
  });
}

beforeAll(() => {
  dataRoot = mkdtempSync(join(tmpdir(), 'eapd-npm-start-'));
  chmodSync(dataRoot, 0o755); // embedded PostgreSQL runs as its own user when started as root
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', WEB_PORT: '0', API_DATA_DIR: join(dataRoot, 'postgres'), FILES_DIR: join(dataRoot, 'files') };
  delete env['DATABASE_URL'];
  start = spawn(process.execPath, [join(WORKSPACE, 'tools/dev/start.mjs')], { cwd: WORKSPACE, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const keep = (chunk: Buffer) => output.push(...chunk.toString().split('\n').filter(Boolean));
  start.stdout?.on('data', keep);
  start.stderr?.on('data', keep);
});

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  if (start && start.exitCode === null) {
    start.kill('SIGINT');
    await exited(start, 30_000).catch(() => start?.kill('SIGKILL'));
  }
  if (dataRoot) rmSync(dataRoot, { recursive: true, force: true });
});

test('npm start prints one URL and the demo login; the app works there; Ctrl-C stops everything', async () => {
  const [, url] = await waitForLine(/open\s+(http:\/\/127\.0\.0\.1:\d+)\s*$/, READY_MS);
  const [, email, password] = await waitForLine(/Sign in as\s+(\S+@\S+) \/ (\S+)/, 5_000);
  const urls = output.filter((line) => /https?:\/\//.test(line) && !/\[(api|web)\]/.test(line));
  expect(urls).toEqual([expect.stringContaining(url)]); // ONE URL to open
  // What the user saw while waiting (the script's own lines): shows where a slow start spent its time.
  log(`npm start said:\n${output.filter((line) => /^\[start\]|ready in/.test(line)).join('\n')}`);

  browser = await chromium.launch({ executablePath: findChromium(log), headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.setDefaultTimeout(30_000);
  const current = page;

  await step('sign-in', async () => {
    await current.goto(url);
    await current.getByRole('heading', { name: t('sign-in.title') }).waitFor();
  });

  await step('apd-list', async () => {
    await current.getByLabel(t('sign-in.email-label'), { exact: true }).fill(email);
    await current.getByLabel(t('sign-in.password-label'), { exact: true }).fill(password);
    await current.getByRole('button', { name: t('sign-in.submit'), exact: true }).click();
    await current.getByRole('heading', { name: t('apd-list.title', { state: 'MD' }) }).waitFor();
    await current.getByRole('link', { name: 'Maryland MMIS Modernization', exact: true }).waitFor();
  });

  const running = start as ChildProcess;
  running.kill('SIGINT'); // what Ctrl-C sends
  await expect(exited(running, 30_000)).resolves.toBe(0);
  expect(output.some((line) => /\[start\] stopped\./.test(line))).toBe(true);
  await expect(fetch(url)).rejects.toThrow(); // the dev server is gone
});
