import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_PASSWORD, TEST_USERS } from './test-fixtures';
import { createTestContext, type TestContext } from '../testing/test-context';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded';

const TIMEOUT_MS = 1000; // DATABASE_STATEMENT_TIMEOUT_MS for this test
/** Longest any request may take while the database is down or frozen: a pool wait plus a query wait, plus slack for a loaded machine. */
const ANSWER_WITHIN_MS = 2 * (TIMEOUT_MS + 1000) + 4000;

interface Outcome {
  name: string;
  status: number;
  ms: number;
  retryAfter: string | null;
}

/**
 * The database goes away under a loop of requests: stopped, then started again; frozen
 * (SIGSTOP), then thawed. Every request is answered (503 + Retry-After while the database
 * cannot answer, never a 500), none waits longer than the timeouts allow, the process stays
 * up, and service comes back by itself.
 */
describe('database faults under load', () => {
  let pg: EmbeddedPostgres;
  let dataParent: string;
  let ctx: TestContext;
  let server: Server;
  let base: string;
  let token: string;
  jest.setTimeout(180_000);

  beforeAll(async () => {
    dataParent = await mkdtemp(join(tmpdir(), 'eapd-faults-'));
    pg = await startEmbeddedPostgres({ dataDirectory: join(dataParent, 'pg'), fast: true });
    ctx = await createTestContext({ adminUrl: pg.url, config: { databaseStatementTimeoutMs: TIMEOUT_MS } });
    token = await ctx.login(TEST_USERS.akStaff.email);
    server = createServer(ctx.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => {
      server?.closeAllConnections();
      server?.close(() => resolve());
    });
    await ctx?.close();
    await pg?.stop();
    await rm(dataParent, { recursive: true, force: true });
  });

  const auth = () => ({ Authorization: `Bearer ${token}` });
  const requests: Record<string, () => Promise<Response>> = {
    list: () => fetch(`${base}/apds`, { headers: auth() }),
    create: () => fetch(`${base}/apds`, { method: 'POST', headers: { ...auth(), 'content-type': 'application/json' }, body: JSON.stringify({ name: 'During a fault', years: [2027] }) }),
    login: () => fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: TEST_USERS.mdStaff.email, password: TEST_PASSWORD }) }),
    me: () => fetch(`${base}/me`, { headers: auth() }),
    health: () => fetch(`${base}/health`),
  };

  /** One request of each kind, all at once; each must be answered within ANSWER_WITHIN_MS. */
  async function round(): Promise<Outcome[]> {
    return Promise.all(
      Object.entries(requests).map(async ([name, send]) => {
        const started = Date.now();
        const res = await Promise.race([
          send(),
          new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${name}: no answer within ${ANSWER_WITHIN_MS} ms`)), ANSWER_WITHIN_MS)),
        ]);
        await res.arrayBuffer();
        return { name, status: res.status, ms: Date.now() - started, retryAfter: res.headers.get('retry-after') };
      }),
    );
  }

  const ok = (o: Outcome) => o.status >= 200 && o.status < 300;
  const unavailable = (o: Outcome) => o.status === 503 && o.retryAfter !== null && Number(o.retryAfter) > 0;

  /** Rounds until every request of a round succeeds again; no 500 on the way. */
  async function untilHealthy(seen: Outcome[], withinMs = 60_000): Promise<void> {
    const deadline = Date.now() + withinMs;
    for (;;) {
      const outcomes = await round();
      seen.push(...outcomes);
      if (outcomes.every(ok)) return;
      if (Date.now() > deadline) throw new Error(`service did not come back: ${JSON.stringify(outcomes)}`);
    }
  }

  const noServerErrorsBut503 = (seen: Outcome[]) => expect(seen.filter((o) => o.status >= 500 && !unavailable(o))).toEqual([]);

  it('PostgreSQL stopped, then started again: 503s with Retry-After, then 200s, no 500, no hang', async () => {
    const seen: Outcome[] = [];
    expect((await round()).every(ok)).toBe(true);

    await pg.stop();
    const down: Outcome[] = [];
    for (let i = 0; i < 3; i++) down.push(...(await round()));
    seen.push(...down);
    expect(down.filter((o) => !unavailable(o))).toEqual([]);

    pg = await startEmbeddedPostgres({ dataDirectory: pg.dataDirectory, port: pg.port, fast: true });
    await untilHealthy(seen);
    noServerErrorsBut503(seen);
    expect(Math.max(...seen.map((o) => o.ms))).toBeLessThan(ANSWER_WITHIN_MS);
  });

  it('PostgreSQL frozen (SIGSTOP), then thawed: 503s within the timeout instead of hanging, then 200s', async () => {
    const seen: Outcome[] = [];
    expect((await round()).every(ok)).toBe(true);
    const frozen = [pg.pid, ...descendants(pg.pid)];
    for (const pid of frozen) process.kill(pid, 'SIGSTOP');
    try {
      const during: Outcome[] = [];
      for (let i = 0; i < 3; i++) during.push(...(await round()));
      seen.push(...during);
      expect(during.filter((o) => !unavailable(o))).toEqual([]);
    } finally {
      for (const pid of frozen) process.kill(pid, 'SIGCONT');
    }
    await untilHealthy(seen);
    noServerErrorsBut503(seen);
    expect(Math.max(...seen.map((o) => o.ms))).toBeLessThan(ANSWER_WITHIN_MS);
  });
});

/** Every process below `pid` (PostgreSQL's backends and helpers), from /proc. */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // exited while we looked
    }
  }
  const out: number[] = [];
  const stack = [...(children.get(pid) ?? [])];
  while (stack.length) {
    const next = stack.pop() as number;
    out.push(next);
    stack.push(...(children.get(next) ?? []));
  }
  return out;
}
