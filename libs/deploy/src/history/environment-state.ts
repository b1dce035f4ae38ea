import type { HistoryEntry } from './history-record';

export type Part = 'api' | 'web';

/** What each part of an environment serves, as far as its history tells: a release, "unknown", or undefined (never deployed). */
export interface ServingState {
  api?: string;
  web?: string;
}

export const UNKNOWN = 'unknown';

const partsOf = (entry: HistoryEntry): Part[] => (entry.kind === 'api' ? ['api'] : entry.kind === 'web' ? ['web'] : ['api', 'web']);

/**
 * Per part, the newest attempt that touched it decides: what its finished record says the
 * part serves, or "unknown" when it never finished (killed) or could not tell.
 * `entries` newest first, as HistoryLog.read returns them.
 */
export function servingNow(entries: HistoryEntry[]): ServingState {
  const state: ServingState = {};
  for (const part of ['api', 'web'] as const) {
    const last = entries.find((e) => partsOf(e).includes(part));
    if (!last) continue;
    if (!last.outcome) state[part] = UNKNOWN;
    else state[part] = last.serving?.[part] ?? (last.outcome === 'succeeded' ? last.release : UNKNOWN);
  }
  return state;
}

/** The release both parts serve, when they agree and it is known. */
export function consistentRelease(state: ServingState): string | undefined {
  return state.api && state.api === state.web && state.api !== UNKNOWN ? state.api : undefined;
}

/**
 * What `deploy:rollback` returns to without `--to`: the newest release that both parts served
 * successfully, other than the one they serve now, skipping releases a rollback already moved
 * away from (so repeated rollbacks walk back, never forth). When the parts do not agree (a
 * failed deploy left them mixed, or a run was killed), the newest fully successful release,
 * which restores a consistent state.
 */
export function rollbackTarget(entries: HistoryEntry[]): { release: string; reason: string } | undefined {
  const state = servingNow(entries);
  const current = consistentRelease(state);
  const successes = entries.filter((e) => e.outcome === 'succeeded' && (e.kind === 'release' || e.kind === 'rollback') && e.release);
  if (!current) {
    const newest = successes[0];
    return newest && { release: newest.release, reason: `the parts do not serve one known release (api ${state.api ?? 'none'}, web ${state.web ?? 'none'}): back to the last release that succeeded` };
  }
  const rolledBackFrom = new Set(
    successes.filter((e) => e.kind === 'rollback').flatMap((e) => [e.previous?.api, e.previous?.web].filter((r): r is string => Boolean(r))),
  );
  const target = successes.find((e) => e.release !== current && !rolledBackFrom.has(e.release));
  return target && { release: target.release, reason: `the release before ${current} (deployed ${target.startedAt} by ${target.who})` };
}

/**
 * Releases the lifecycle rule must never expire for this environment: what it serves, what
 * it served before, what deploy:rollback would return to, and, while a killed attempt leaves a part unknown,
 * both that attempt's release and what the parts served before it.
 */
export function protectedReleases(entries: HistoryEntry[]): Set<string> {
  const keep = new Set<string>();
  const add = (release?: string) => {
    if (release && release !== UNKNOWN) keep.add(release);
  };
  const state = servingNow(entries);
  add(state.api);
  add(state.web);
  if (state.api === UNKNOWN || state.web === UNKNOWN) {
    const newestFinished = entries.findIndex((e) => e.outcome);
    for (const e of entries.slice(0, newestFinished < 0 ? entries.length : newestFinished)) add(e.release);
    const settled = servingNow(entries.filter((e) => e.outcome));
    add(settled.api);
    add(settled.web);
  }
  // The release deploy:rollback would return to, and the one served just before the current one.
  add(rollbackTarget(entries)?.release);
  add(entries.find((e) => e.outcome === 'succeeded' && e.release && !keep.has(e.release))?.release);
  return keep;
}
