import { formatTable } from '../lib/text-table';
import { PolicyResult, Verdict } from './evaluate-policy';
import { severityRank } from './severity';

const VERDICT_TEXT: Record<Verdict, string> = {
  blocking: 'FAIL',
  'expired-allowance': 'FAIL (allowance expired)',
  allowed: 'allowed',
  'below-threshold': 'below threshold'
};

/** The table and verdict printed by the audit-policy step. */
export function formatPolicyResult(result: PolicyResult): string {
  const lines: string[] = [];
  const rows = [...result.decisions]
    .sort((a, b) => severityRank(b.advisory.severity) - severityRank(a.advisory.severity) || a.advisory.packageName.localeCompare(b.advisory.packageName))
    .map((d) => [
      d.advisory.severity,
      `${d.advisory.packageName} ${d.advisory.range}`,
      d.advisory.pulledInBy.join(', ') || '-',
      d.advisory.ghsa ?? String(d.advisory.source ?? '-'),
      VERDICT_TEXT[d.verdict] + (d.entry && d.verdict === 'allowed' ? ` until ${d.entry.expires}` : ''),
      d.advisory.title
    ]);
  if (rows.length === 0) {
    lines.push('npm audit found no advisories in production dependencies.');
  } else {
    lines.push(formatTable(['severity', 'package', 'via (direct dependency)', 'advisory', 'verdict', 'title'], rows));
  }
  for (const p of result.allowlistProblems) lines.push(`allowlist problem: ${p}`);
  for (const e of result.unusedEntries) lines.push(`note: allowlist entry ${e.id} matches no current advisory; remove it`);
  const blocking = result.decisions.filter((d) => d.verdict === 'blocking' || d.verdict === 'expired-allowance').length;
  lines.push(
    result.passed
      ? `Dependency policy PASSED (threshold: ${result.threshold}; ${result.decisions.length} advisories, none blocking).`
      : `Dependency policy FAILED (threshold: ${result.threshold}): ${blocking} blocking advisories, ${result.allowlistProblems.length} allowlist problems. ` +
          'Upgrade the affected dependency (npm audit fix, or an "overrides" entry), or add an allowlist entry with id, reason and expiry.'
  );
  return lines.join('\n');
}
