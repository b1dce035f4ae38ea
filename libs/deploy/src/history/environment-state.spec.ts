import fc from 'fast-check';
import type { HistoryEntry } from './history-record';
import { protectedReleases, rollbackTarget, servingNow, UNKNOWN } from './environment-state';

const R = ['a', 'b', 'c', 'd', 'e'].map((c) => c.repeat(40));
let n = 0;
function entry(kind: HistoryEntry['kind'], release: string, outcome?: HistoryEntry['outcome'], extra: Partial<HistoryEntry> = {}): HistoryEntry {
  n += 1;
  return {
    schema: 1, attempt: `a${n}`, kind, environment: 'staging', release, who: 'ci', where: 'job',
    startedAt: new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString(),
    ...(outcome ? { outcome, serving: outcome === 'succeeded' ? { api: release, web: release } : undefined } : {}),
    ...extra,
  };
}
/** Oldest first in, newest first out (as HistoryLog.read returns). */
const newestFirst = (...entries: HistoryEntry[]) => [...entries].reverse();

describe('environment state from the history', () => {
  it('serves the last successful release; a failed attempt leaves what its record says; an unfinished one: unknown', () => {
    const [a, b, c] = R;
    expect(servingNow(newestFirst(entry('release', a, 'succeeded'), entry('release', b, 'failed', { serving: { api: a, web: a } })))).toEqual({ api: a, web: a });
    expect(servingNow(newestFirst(entry('release', a, 'succeeded'), entry('api', c, 'succeeded')))).toEqual({ api: c, web: a });
    expect(servingNow(newestFirst(entry('release', a, 'succeeded'), entry('release', b)))).toEqual({ api: UNKNOWN, web: UNKNOWN });
  });

  it('rolls back to the release before, walking back, never forth', () => {
    const [a, b, c] = R;
    const history = [entry('release', a, 'succeeded'), entry('release', b, 'succeeded'), entry('release', c, 'succeeded')];
    expect(rollbackTarget(newestFirst(...history))?.release).toBe(b);
    history.push(entry('rollback', b, 'succeeded', { previous: { api: c, web: c } }));
    expect(rollbackTarget(newestFirst(...history))?.release).toBe(a);
    history.push(entry('rollback', a, 'succeeded', { previous: { api: b, web: b } }));
    expect(rollbackTarget(newestFirst(...history))).toBeUndefined();
  });

  it('with the parts mixed or unknown, goes back to the last release that succeeded in full', () => {
    const [a, b, c] = R;
    const history = newestFirst(entry('release', a, 'succeeded'), entry('release', b, 'succeeded'), entry('release', c));
    expect(rollbackTarget(history)?.release).toBe(b);
  });

  it('never lets the lifecycle rule expire a deployed release, the previous one, or the rollback target, whatever the history', () => {
    const arbitraryEntry = fc.record({
      kind: fc.constantFrom<HistoryEntry['kind']>('release', 'rollback', 'web', 'api'),
      release: fc.constantFrom(...R),
      outcome: fc.constantFrom<HistoryEntry['outcome'] | undefined>('succeeded', 'failed', 'interrupted', undefined),
      servingApi: fc.option(fc.constantFrom(...R, UNKNOWN), { nil: undefined }),
      servingWeb: fc.option(fc.constantFrom(...R, UNKNOWN), { nil: undefined }),
      previousFrom: fc.option(fc.constantFrom(...R), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(arbitraryEntry, { maxLength: 12 }), (raw) => {
        const history = newestFirst(
          ...raw.map((r) =>
            entry(r.kind, r.release, r.outcome, {
              ...(r.outcome && r.outcome !== 'succeeded' ? { serving: { api: r.servingApi, web: r.servingWeb } } : {}),
              ...(r.previousFrom ? { previous: { api: r.previousFrom, web: r.previousFrom } } : {}),
            }),
          ),
        );
        const kept = protectedReleases(history);
        const state = servingNow(history);
        for (const release of [state.api, state.web]) if (release && release !== UNKNOWN) expect(kept).toContain(release);
        const target = rollbackTarget(history);
        if (target) expect(kept).toContain(target.release);
        // The previous: the newest successful release other than what is served now.
        const previous = history.find((e) => e.outcome === 'succeeded' && e.release !== state.api && e.release !== state.web);
        if (previous) expect(kept).toContain(previous.release);
      }),
      { numRuns: 500 },
    );
  });
});
