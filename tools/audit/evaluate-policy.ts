import type { Advisory } from './audit-report';
import { Allowlist, AllowlistEntry, entryMatches, isExpired } from './allowlist';
import { isAtLeast, Severity } from './severity';

export type Verdict = 'blocking' | 'allowed' | 'expired-allowance' | 'below-threshold';

export interface AdvisoryDecision {
  advisory: Advisory;
  verdict: Verdict;
  entry?: AllowlistEntry;
}

export interface PolicyResult {
  passed: boolean;
  threshold: Severity;
  decisions: AdvisoryDecision[];
  /** Allowlist entries that are malformed, or expired: both fail the policy. */
  allowlistProblems: string[];
  /** Entries matching no current advisory: harmless, but worth removing. */
  unusedEntries: AllowlistEntry[];
}

/**
 * The policy: an advisory at or above `threshold` fails the scan unless an unexpired
 * allowlist entry covers it. Any expired or malformed entry fails the scan too, even if
 * its advisory is gone, so the list is kept honest rather than growing stale.
 */
export function evaluatePolicy(advisories: Advisory[], allowlist: Allowlist, threshold: Severity, today: string): PolicyResult {
  const decisions = advisories.map((advisory): AdvisoryDecision => {
    const entry = allowlist.entries.find((e) => entryMatches(e, advisory));
    if (!isAtLeast(advisory.severity, threshold)) return { advisory, verdict: 'below-threshold', entry };
    if (!entry) return { advisory, verdict: 'blocking' };
    return { advisory, verdict: isExpired(entry, today) ? 'expired-allowance' : 'allowed', entry };
  });
  const expired = allowlist.entries
    .filter((e) => isExpired(e, today))
    .map((e) => `allowlist entry ${e.id} expired on ${e.expires} (reason given: "${e.reason}"): fix the vulnerability or renew the entry with a new reason`);
  const allowlistProblems = [...allowlist.problems, ...expired];
  const unusedEntries = allowlist.entries.filter((e) => !advisories.some((a) => entryMatches(e, a)));
  const passed = allowlistProblems.length === 0 && decisions.every((d) => d.verdict === 'allowed' || d.verdict === 'below-threshold');
  return { passed, threshold, decisions, allowlistProblems, unusedEntries };
}
