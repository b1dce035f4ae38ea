import type { ApplyReport } from '../plan/apply-plan';
import { formatDuration } from '../log/errors';
import type { DeployLogger } from '../log/logger';
import type { Release } from './rollover-types';

export interface RolloverSummary {
  ok: boolean;
  release: Release;
  newIds: string[];
  terminatedIds: string[];
  rolledBack: boolean;
  keptFailed?: boolean;
  report?: ApplyReport;
  /** The error that failed the rollover: its message names the call that failed. */
  failure?: string;
  failedStep?: string;
  /** Where things stand after a failure. */
  outcome?: string;
  /** How the old targets' drain ended (success path only). */
  drain?: 'drained' | 'timed-out' | 'interrupted';
}

/** What a CI reader must know when the new release serves but the drain was not waited out. */
const DRAIN_NOTES: Record<'timed-out' | 'interrupted', string> = {
  'timed-out': 'timed out: the old instances were terminated before every in-flight request had finished',
  interrupted:
    'cut short by an interrupt: the new release already served all traffic, so the old instances were terminated ' +
    'without waiting for their in-flight requests (some may have been cut). Nothing to undo; the exit status is non-zero because of the interrupt.',
};

/** The last lines of a CI log: what now serves, what went away, where the time went, and why it failed. */
export function printSummary(s: RolloverSummary, logger: DeployLogger): void {
  const cut = s.ok && (s.drain === 'interrupted' || s.drain === 'timed-out') ? s.drain : undefined;
  logger.section(
    !s.ok ? 'Summary: rollover FAILED' : cut === 'interrupted' ? 'Summary: rollover complete, but INTERRUPTED while draining' : 'Summary: rollover complete',
  );
  const rows: Array<[string, string]> = [['release', `${s.release.gitSha} (artifact sha256 ${s.release.artifactSha256})`]];
  if (s.ok) rows.push(['serving now', s.newIds.join(', ') || 'none']);
  else rows.push(['new instances', `${s.newIds.join(', ') || 'none'}${s.rolledBack ? (s.keptFailed ? ' (kept for debugging, deregistered)' : ' (rolled back)') : ''}`]);
  rows.push(['terminated', s.terminatedIds.length ? s.terminatedIds.join(', ') : 'none']);
  if (cut) rows.push(['note', `drain ${DRAIN_NOTES[cut]}`]);
  if (s.failure) rows.push(['failed step', s.failedStep ?? '?'], ['reason', s.failure]);
  if (s.outcome) rows.push(['now', s.outcome]);
  for (const step of s.report?.steps ?? []) rows.push([`${step.ok ? '  ' : '✗ '}${step.id}`, `${formatDuration(step.ms)}${step.ok ? '' : ' (failed)'}`]);
  for (const c of s.report?.compensations ?? []) rows.push([`${c.ok ? '↺ ' : '✗ '}${c.id}`, `${formatDuration(c.ms)}${c.ok ? '' : ' (failed)'}`]);
  if (s.report) rows.push(['total', formatDuration(s.report.totalMs)]);
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) logger.info(`  ${k.padEnd(width)}  ${v}`);
  if (!s.ok) logger.error(`Rollover failed: ${s.failure ?? 'see above'}${s.outcome ? ` — ${s.outcome}` : ''}`);
}
