import { ToolError } from '../lib/cli';

/** npm's severities, lowest first. */
export const SEVERITIES = ['info', 'low', 'moderate', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export function parseSeverity(value: string, what = 'severity'): Severity {
  const v = value.trim().toLowerCase();
  if ((SEVERITIES as readonly string[]).includes(v)) return v as Severity;
  throw new ToolError(`${what}: expected one of ${SEVERITIES.join(', ')}, got "${value}"`);
}

export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

export function isAtLeast(s: Severity, threshold: Severity): boolean {
  return severityRank(s) >= severityRank(threshold);
}
