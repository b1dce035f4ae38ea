import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { TEST_USERS } from '../db/test-fixtures';
import { createTestContext, type TestContext } from '../testing/test-context';
import { LIST_TOTAL_LIMIT, listStatement, type ApdListFilter } from './list-apds';
import { decodeListCursor, encodeListCursor } from './list-cursor';

/**
 * GET /api/apds at scale: keyset pages (`after` = the previous page's `next`), a total that is
 * counted only up to a bound, and plans whose cost does not grow with the table.
 */
describe('APD list: keyset pages, bounded total, indexes', () => {
  let ctx: TestContext;
  let admin: string;
  const as = (token: string) => ({ Authorization: `Bearer ${token}` });
  const list = (query: Record<string, string | number>) => ctx.http().get('/api/apds').query(query).set(as(admin));

  /** `count` APDs in `state` straight into the table; every `tie` consecutive rows share updated_at. */
  async function insertApds(state: string, count: number, options: { tie?: number; name?: (i: number) => string; offsetMs?: number } = {}) {
    const base = Date.parse('2030-01-01T00:00:00Z') - (options.offsetMs ?? 0);
    const rows = Array.from({ length: count }, (_, i) => {
      const name = options.name?.(i) ?? `${state} bulk ${i}`;
      const at = new Date(base - Math.floor(i / (options.tie ?? 1)) * 1000);
      return { id: randomUUID(), state_id: state, name, years: [2030], document: JSON.stringify({ name, years: [2030], summary: '', activities: [] }), version: 1, created_at: at, updated_at: at };
    });
    for (let i = 0; i < rows.length; i += 1000) await ctx.db('apds').insert(rows.slice(i, i + 1000));
    await ctx.db.raw('analyze apds');
    return rows;
  }

  beforeAll(async () => {
    ctx = await createTestContext();
    admin = await ctx.login(TEST_USERS.admin.email);
  });
  afterAll(() => ctx.close());

  it('walks every APD exactly once, in order, following `next`, ties on updated_at included', async () => {
    const rows = await insertApds('wy', 23, { tie: 4 });
    const expected = [...rows].sort((a, b) => b.updated_at.getTime() - a.updated_at.getTime() || (a.id < b.id ? 1 : -1)).map((r) => r.id);
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const query: Record<string, string | number> = { state: 'wy', limit: 5 };
      if (after) query['after'] = after;
      const res: { body: { items: Array<{ id: string }>; next: string | null } } = await list(query).expect(200);
      expect(res.body).toMatchObject({ total: 23, totalExact: true, limit: 5 });
      seen.push(...res.body.items.map((a) => a.id));
      after = res.body.next;
      pages++;
    } while (after && pages < 10);
    expect(pages).toBe(5);
    expect(seen).toEqual(expected);
  });

  it('answers next: null on a last page that is exactly full, and on an empty list', async () => {
    await insertApds('vt', 4);
    const full = await list({ state: 'vt', limit: 4 }).expect(200);
    expect(full.body.items).toHaveLength(4);
    expect(full.body.next).toBeNull();
    const first = await list({ state: 'vt', limit: 3 }).expect(200);
    const last = await list({ state: 'vt', limit: 3, after: first.body.next }).expect(200);
    expect([last.body.items.length, last.body.next]).toEqual([1, null]);
    const none = await list({ state: 'nd' }).expect(200);
    expect(none.body).toMatchObject({ items: [], total: 0, totalExact: true, next: null });
  });

  it('neither repeats nor skips a row when APDs are added or changed between pages', async () => {
    const rows = await insertApds('nh', 10);
    const first = await list({ state: 'nh', limit: 4 }).expect(200);
    // A new APD (newest of all) and a change to one already seen both move to the top.
    await insertApds('nh', 1, { name: () => 'nh newcomer' });
    await ctx.db('apds').where({ id: first.body.items[0].id }).update({ updated_at: new Date('2031-01-01T00:00:00Z') });
    const rest: string[] = [];
    let after = first.body.next as string | null;
    while (after) {
      const page = await list({ state: 'nh', limit: 4, after }).expect(200);
      rest.push(...page.body.items.map((a: { id: string }) => a.id));
      after = page.body.next;
    }
    const walked = [...first.body.items.map((a: { id: string }) => a.id), ...rest];
    expect(new Set(walked).size).toBe(walked.length);
    expect(new Set(walked)).toEqual(new Set(rows.map((r) => r.id)));
  });

  it('counts the total only up to the bound and says when it stopped', async () => {
    await insertApds('mt', LIST_TOTAL_LIMIT + 5);
    const res = await list({ state: 'mt', limit: 1 }).expect(200);
    expect(res.body).toMatchObject({ total: LIST_TOTAL_LIMIT, totalExact: false });
    const exact = await list({ state: 'mt', limit: 1, q: 'bulk 100' }).expect(200);
    // "bulk 100", "bulk 1000" … "bulk 1004": few enough to count exactly.
    expect(exact.body).toMatchObject({ total: 6, totalExact: true });
  });

  it('refuses any cursor it did not write with 400 naming query.after, never 500', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 120 }), async (cursor) => {
        fc.pre(cursor.length > 0 && decodeListCursor(cursor) === undefined);
        const res = await list({ after: cursor });
        expect(res.status).toBe(400);
        expect(res.body.error.problems.map((p: { path: string }) => p.path)).toContain('query.after');
      }),
      { numRuns: 40 },
    );
    for (const position of ['2030-01-01T00:00:00.000000Z~not-a-uuid', `2030-13-45T00:00:00.000000Z~${randomUUID()}`, `yesterday~${randomUUID()}`]) {
      await list({ after: encodeListCursor(position) }).expect(400);
    }
  });

  describe('plans (3 000 APDs in one state among 9 000, interleaved in time, analysed)', () => {
    beforeAll(async () => {
      await insertApds('id', 3000, { name: (i) => `Idaho ${i % 7 === 0 ? 'eligibility' : 'claims'} system ${tag(i)}` });
      await insertApds('or', 3000, { offsetMs: 300 });
      await insertApds('or', 3000, { offsetMs: 600 });
    });

    /** EXPLAIN ANALYZE of the list's own statement. */
    async function plan(filter: ApdListFilter): Promise<string> {
      const { statement, values } = listStatement(filter);
      const client = ctx.db.client as { acquireConnection(): Promise<PgConnection>; releaseConnection(c: PgConnection): Promise<void> };
      const connection = await client.acquireConnection();
      try {
        const { rows } = await connection.query({ text: `explain (analyze, costs off, timing off, summary off) ${statement.text}`, values });
        return rows.map((r) => r['QUERY PLAN']).join('\n');
      } finally {
        await client.releaseConnection(connection);
      }
    }
    const pageSection = (text: string) => text.slice(text.indexOf('CTE page'), text.indexOf('InitPlan'));
    /** Rows the page's own scan looked at: returned plus filtered out. */
    function pageScanRows(text: string): number {
      const page = pageSection(text);
      const returned = /Scan .*on apds \(actual rows=(\d+)/.exec(page);
      const removed = /Rows Removed by Filter: (\d+)/.exec(page);
      if (!returned) throw new Error(`no scan of apds in the page:\n${text}`);
      return Number(returned[1]) + Number(removed?.[1] ?? 0);
    }

    it('reads only the page for a deep keyset page, through an index and in its order (no sort)', async () => {
      const first = await list({ state: 'id', limit: 50 }).expect(200);
      let after = first.body.next as string;
      for (let i = 0; i < 40; i++) after = (await list({ state: 'id', limit: 50, after }).expect(200)).body.next;
      const text = await plan({ states: ['id'], limit: 50, offset: 0, after: decodeListCursor(after) });
      expect(text).toMatch(/Index Scan using apds_state_latest on apds/);
      expect(text).not.toMatch(/Sort Key/);
      expect(pageScanRows(text)).toBeLessThanOrEqual(51);
      // The bounded count reads at most LIST_TOTAL_LIMIT + 1 rows of the state.
      expect(text).not.toMatch(/actual rows=(300\d|[4-9]\d{3}|\d{5,})/);
    });

    it('searches names through the trigram index when few names match', async () => {
      const installed = await ctx.db.raw(`select 1 from pg_extension where extname = 'pg_trgm'`);
      expect(installed.rows).toHaveLength(1);
      const text = await plan({ states: ['id'], limit: 50, offset: 0, q: tag(2999) });
      expect(text).toMatch(/Bitmap Index Scan on apds_name_trigram/);
      expect(pageScanRows(text)).toBeLessThanOrEqual(5);
      const res = await list({ state: 'id', q: tag(2999) }).expect(200);
      expect(res.body.items.map((a: { name: string }) => a.name)).toEqual([`Idaho claims system ${tag(2999)}`]);
    });

    it('walks the state newest first when most names match, stopping after about one page', async () => {
      const text = await plan({ states: ['id'], limit: 50, offset: 0, q: 'claims' });
      expect(pageSection(text)).not.toMatch(/Sort Key/);
      expect(pageScanRows(text)).toBeLessThanOrEqual(2 * 51);
    });
  });
});

/** A word that differs from row to row (as real APD names do), e.g. "k3f9a2c1". */
function tag(i: number): string {
  return `k${((i * 2654435761) >>> 0).toString(16).padStart(8, '0')}`;
}

interface PgConnection {
  query(query: string | { text: string; values: unknown[] }): Promise<{ rows: Array<Record<string, string>> }>;
}
