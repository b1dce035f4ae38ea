import { createTestContext, type TestContext } from '../testing/test-context';
import { queryPrepared } from './prepared';

describe('queryPrepared', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx.close());

  const echo = { name: 'test-echo', text: 'select $1::int as n' };
  const failing = { name: 'test-divide', text: 'select 1 / $1::int as n' };

  it('sends statements asked for in the same tick on one connection, each with its own answer', async () => {
    const client = ctx.db.client as { acquireConnection(): Promise<unknown> };
    const acquire = client.acquireConnection.bind(client);
    let acquired = 0;
    client.acquireConnection = () => (acquired++, acquire());
    try {
      const results = await Promise.all([1, 2, 3].map((n) => queryPrepared<{ n: number }>(ctx.db, echo, [n])));
      expect(results).toEqual([[{ n: 1 }], [{ n: 2 }], [{ n: 3 }]]);
      expect(acquired).toBe(1);
    } finally {
      client.acquireConnection = acquire;
    }
  });

  it('also batches statements asked for by separate callbacks of one event-loop turn (requests that arrived together), at most 16 per write', async () => {
    const client = ctx.db.client as { acquireConnection(): Promise<unknown> };
    const acquire = client.acquireConnection.bind(client);
    let acquired = 0;
    client.acquireConnection = () => (acquired++, acquire());
    try {
      // Two timers due at once run in the same timers phase, as two sockets' reads run in one poll phase.
      const fromTimers = await Promise.all(
        [1, 2].map((n) => new Promise<unknown>((resolve, reject) => setTimeout(() => queryPrepared(ctx.db, echo, [n]).then(resolve, reject), 0))),
      );
      expect(fromTimers).toEqual([[{ n: 1 }], [{ n: 2 }]]);
      expect(acquired).toBe(1);
      acquired = 0;
      const many = await Promise.all(Array.from({ length: 20 }, (_, n) => queryPrepared<{ n: number }>(ctx.db, echo, [n])));
      expect(many.map(([row]) => row.n)).toEqual(Array.from({ length: 20 }, (_, n) => n));
      expect(acquired).toBe(2);
    } finally {
      client.acquireConnection = acquire;
    }
  });

  it('fails only the statement that failed, and the connection stays usable', async () => {
    const [ok, bad, after] = await Promise.allSettled([
      queryPrepared(ctx.db, echo, [7]),
      queryPrepared(ctx.db, failing, [0]),
      queryPrepared(ctx.db, echo, [8]),
    ]);
    expect(ok).toEqual({ status: 'fulfilled', value: [{ n: 7 }] });
    expect(bad).toMatchObject({ status: 'rejected', reason: { message: 'division by zero' } });
    expect(after).toEqual({ status: 'fulfilled', value: [{ n: 8 }] });
    for (let i = 0; i < 5; i++) expect(await queryPrepared(ctx.db, echo, [i])).toEqual([{ n: i }]);
    expect((await ctx.db.raw('select 41 + 1 as n')).rows).toEqual([{ n: 42 }]);
  });

  it('binds values as parameters, never as SQL', async () => {
    const text = "x'; drop table apds; --";
    expect(await queryPrepared(ctx.db, { name: 'test-text', text: 'select $1::text as t' }, [text])).toEqual([{ t: text }]);
    expect((await ctx.db('apds').count({ n: '*' }))[0].n).toBeGreaterThan(0);
  });
});
