import { Client } from 'pg';
import { DEMO_STATE, type ApiUnderTest } from './api-under-test';

/** APDs in the demo state at each step (the throughput part runs at the first). */
export const SCALING_SIZES = (process.env['BENCH_LIST_SIZES'] ?? '50,5000,50000').split(',').map(Number);
const SAMPLES = Number(process.env['BENCH_LIST_SAMPLES'] ?? 40);

const WORDS = ['claims', 'eligibility', 'provider', 'portal', 'pharmacy', 'dental', 'waiver', 'analytics', 'interop', 'hie'];
/** A tag that differs from row to row, as real names do ("k3f9a2c1"): what a selective search finds. */
const tag = (i: number) => `k${((i * 2654435761) >>> 0).toString(16).padStart(8, '0')}`;

export interface ScalingRow {
  apds: number;
  p50: Record<string, number>;
}

/**
 * Grows the demo state to `size` APDs straight in the database (as many years of use would),
 * lets PostgreSQL update its statistics as autovacuum would, and measures p50 latencies of
 * the list's first page, its last page (by `next` cursor and by offset), and two searches, each
 * right after a change to the state (so the list-page cache cannot answer), and the first page
 * unchanged (answered from the cache).
 */
export async function measureListScaling(api: ApiUnderTest, databaseUrl: string, sizes = SCALING_SIZES): Promise<ScalingRow[]> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  const rows: ScalingRow[] = [];
  try {
    for (const size of sizes) {
      const { rows: [{ n }] } = await db.query(`select count(*)::int as n from apds where state_id = $1`, [DEMO_STATE]);
      if (n < size) await insertApds(db, n, size - n);
      await db.query('vacuum analyze apds');
      // The `next` of the one-row page just before the last 50 rows leads to the last page.
      const beforeLast = await (await fetch(`${api.base}/apds?limit=1&offset=${Math.max(0, size - 51)}`, { headers: api.auth })).json();
      const lastPageCursor = beforeLast.next as string;
      const queries: Record<string, string> = {
        'first page': '?limit=50',
        'last page (after=)': `?limit=50&after=${lastPageCursor}`,
        'last page (offset=)': `?limit=50&offset=${Math.max(0, size - 50)}`,
        'search, selective (q=)': `?limit=50&q=${tag(Math.floor(size / 2))}`,
        'search, most match (q=)': '?limit=50&q=bench',
      };
      // Each sample follows a change to the state (its list version moved, as any write moves it),
      // so the API's list-page cache cannot answer: these are the query's own costs.
      const changed = async () => {
        await db.query("update apd_list_versions set version = nextval('apd_list_version_numbers') where state_id = $1", [DEMO_STATE]);
      };
      const p50: Record<string, number> = {};
      for (const [label, query] of Object.entries(queries)) p50[label] = await medianLatency(`${api.base}/apds${query}`, api.auth, changed);
      p50['first page, unchanged (cached)'] = await medianLatency(`${api.base}/apds?limit=50`, api.auth);
      rows.push({ apds: size, p50 });
      console.log(`   ${String(size).padStart(6)} APDs: ${Object.entries(p50).map(([k, v]) => `${k} ${v.toFixed(1)} ms`).join(', ')}`);
    }
  } finally {
    await db.end();
  }
  return rows;
}

async function insertApds(db: Client, from: number, count: number): Promise<void> {
  // One statement per 10 000 rows; names carry a word and a per-row tag; one change per second back in time.
  for (let start = from; start < from + count; start += 10_000) {
    const n = Math.min(10_000, from + count - start);
    await db.query(
      `insert into apds (id, state_id, name, years, document, version, created_at, updated_at)
       select gen_random_uuid(), $1, name, array[2027, 2028], jsonb_build_object('name', name, 'years', array[2027, 2028], 'summary', '', 'activities', '[]'::jsonb), 1, at, at
       from (select 'Bench ' || (array[${WORDS.map((w) => `'${w}'`).join(',')}])[1 + i % ${WORDS.length}] || ' ' || ($2::text[])[1 + i - $3] as name,
                    now() - make_interval(secs => i) as at
             from generate_series($3::int, $3::int + $4::int - 1) i) rows`,
      [DEMO_STATE, Array.from({ length: n }, (_, k) => tag(start + k)), start, n],
    );
  }
}

async function medianLatency(url: string, headers: Record<string, string>, beforeEach?: () => Promise<void>): Promise<number> {
  for (let i = 0; i < 5; i++) await expectOk(url, headers); // warm-up: plans, caches
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    await beforeEach?.();
    const t0 = performance.now();
    await expectOk(url, headers);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

async function expectOk(url: string, headers: Record<string, string>): Promise<void> {
  const res = await fetch(url, { headers });
  if (res.status !== 200) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  await res.arrayBuffer();
}
