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
  failure?: string;
  /** Short name per step, in plan order. */
  phaseNames?: string[];
}

/** The last lines of a CI log: what now serves, what went away, where the time went. */
export function printSummary(s: RolloverSummary, logger: DeployLogger): void {
  logger.section(s.ok ? 'Summary: rollover complete' : 'Summary: rollover FAILED');
  const rows: Array<[string, string]> = [['release', `${s.release.gitSha} (artifact sha256 ${s.release.artifactSha256})`]];
  if (s.ok) rows.push(['serving now', s.newIds.join(', ') || 'none']);
  else rows.push(['new instances', `${s.newIds.join(', ') || 'none'}${s.rolledBack ? (s.keptFailed ? ' (kept for debugging, deregistered)' : ' (rolled back)') : ''}`]);
  rows.push(['terminated', s.terminatedIds.length ? s.terminatedIds.join(', ') : 'none']);
  if (s.failure) rows.push(['reason', s.failure]);
  (s.report?.steps ?? []).forEach((step, i) => {
    const name = s.phaseNames?.[i] ?? step.summary.split(' (')[0];
    rows.push([`${step.ok ? '  ' : '✗ '}${name}`, `${formatDuration(step.ms)}${step.ok ? '' : ' (failed)'}`]);
  });
  if (s.report) rows.push(['total', formatDuration(s.report.totalMs)]);
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) logger.info(`  ${k.padEnd(width)}  ${v}`);
}
