import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { freePort, startNode, stop, waitForOk } from './processes';

export const DEMO = { email: 'demo@example.gov', password: 'demo-password-1' };
/** The demo login's state: the benchmark's APDs go there. */
export const DEMO_STATE = 'md';
export const LIST_SIZE = 50;

export interface ApiUnderTest {
  base: string;
  child: ChildProcess;
  auth: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * Starts a built API's dev entry against `databaseUrl` (migrations and development seeds run at
 * start-up; `nodeArgs`, e.g. --cpu-prof, go to node), signs in as the demo user and tops their
 * state up to LIST_SIZE APDs.
 */
export async function startApi(dist: string, databaseUrl: string, dataDir: string, env: Record<string, string>, nodeArgs: string[] = []): Promise<ApiUnderTest> {
  if (!existsSync(join(dist, 'dev.js'))) throw new Error(`${dist}/dev.js is missing: run \`npx nx build api\` first.`);
  const port = await freePort();
  const api = startNode([...nodeArgs, join(dist, 'dev.js')], {
    PORT: String(port), DATABASE_URL: databaseUrl, FILES_DIR: join(dataDir, 'files'),
    NODE_ENV: 'development', LOG_LEVEL: process.env['LOG_LEVEL'] ?? 'info', LOGIN_MAX_FAILED_ATTEMPTS: '1000', ...env,
  });
  const base = `http://127.0.0.1:${port}/api`;
  try {
    await waitForOk(`${base}/health`, api.child, api.output);
    const login = await (await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(DEMO) })).json();
    const auth = { Authorization: `Bearer ${login.token}` };
    const existing = (await (await fetch(`${base}/apds?limit=100`, { headers: auth })).json()).total as number;
    for (let i = existing; i < LIST_SIZE; i++) {
      const res = await fetch(`${base}/apds`, {
        method: 'POST', headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ name: `Bench APD ${i}`, years: [2027, 2028], summary: 'Benchmark data', activities: [] }),
      });
      if (res.status !== 201) throw new Error(`creating a benchmark APD failed: ${res.status} ${await res.text()}`);
    }
    return { base, child: api.child, auth, stop: () => stop(api.child) };
  } catch (e) {
    await stop(api.child);
    throw e;
  }
}
