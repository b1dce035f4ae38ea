import type { DeployEnvironment } from '@eapd/config';

/** Which command deployed: both parts as one release, a rollback of both, or one part alone. */
export type DeployKind = 'release' | 'rollback' | 'web' | 'api';

/** What a part serves once the attempt ended: a release, or "unknown" when that could not be established. */
export type PartState = string;

export interface StepRecord {
  name: string;
  ms: number;
  ok: boolean;
}

/**
 * One attempt as the history shows it. Written twice, as two separate objects, so the log is
 * append-only and survives a killed run: `started` before anything changes, `finished` at
 * the end with the outcome. An attempt with no `finished` record never finished.
 */
export interface HistoryEntry {
  schema: 1;
  /** Unique per attempt; both records of an attempt carry it. */
  attempt: string;
  kind: DeployKind;
  environment: DeployEnvironment;
  /** The release (git SHA) this attempt deploys. */
  release: string;
  /** A git tag pointing at the release, when there is one (e.g. v1.2.3). */
  tag?: string;
  /** What the environment served before, per part, when known. */
  previous?: { api?: string; web?: string };
  /** CIRCLE_USERNAME, or the local user. */
  who: string;
  /** The CircleCI job URL, or host and pid. */
  where: string;
  startedAt: string;
  finishedAt?: string;
  /** succeeded; failed (see `serving` for where it left each part); interrupted (SIGINT/SIGTERM). */
  outcome?: 'succeeded' | 'failed' | 'interrupted';
  steps?: StepRecord[];
  error?: string;
  /** What each part serves at the end: after a failure, ideally the previous release again. */
  serving?: { api?: PartState; web?: PartState };
}

/** An entry as read back: `unfinished` when only the started record exists (killed, or still running). */
export type HistoryOutcome = NonNullable<HistoryEntry['outcome']> | 'unfinished';

export function outcomeOf(entry: HistoryEntry): HistoryOutcome {
  return entry.outcome ?? 'unfinished';
}
