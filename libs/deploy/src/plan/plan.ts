/**
 * A plan is a plain-data description of what a deploy operation will do. Operations build
 * one first (reading, never changing, infrastructure), `--dry-run` prints it, and
 * `applyPlan` carries it out step by step with a section header and a timing per step.
 */

export interface PlanStep {
  /** Machine-readable kind of step; the operation's handler for it does the work. */
  action: string;
  /** One line for people: "Launch 2 instances of release 1a2b3c from ami-0abc". */
  summary: string;
  /** Further lines printed under the summary (keys, ids, byte counts). */
  details?: string[];
  /** Whether the step changes infrastructure (dry-run proves none ran). */
  mutating: boolean;
}

export interface Plan<S extends PlanStep = PlanStep> {
  /** "Frontend sync", "Backend rollover", "Preview deploy", ... */
  operation: string;
  /** What it acts on: "s3://bucket/prefix", "production (target group my-tg)". */
  target: string;
  /** Key facts shown above the steps, e.g. [["release", "1a2b3c"], ["instances now", "2"]]. */
  facts: Array<[string, string]>;
  steps: S[];
}

export function formatPlan(plan: Plan): string {
  const lines = [`Plan: ${plan.operation} → ${plan.target}`];
  const width = Math.max(0, ...plan.facts.map(([k]) => k.length));
  for (const [k, v] of plan.facts) lines.push(`  ${k.padEnd(width)}  ${v}`);
  if (plan.steps.length === 0) lines.push('  (nothing to do)');
  plan.steps.forEach((step, i) => {
    lines.push(`  ${String(i + 1).padStart(2)}. ${step.summary}`);
    for (const d of step.details ?? []) lines.push(`        ${d}`);
  });
  return lines.join('\n');
}
