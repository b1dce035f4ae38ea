/**
 * A plan is a plain-data description of what a deploy operation will do. Operations build
 * one first (reading, never changing, infrastructure), `--dry-run` prints it, and
 * `applyPlan` carries it out step by step with a section header and a timing per step.
 *
 * A step carries its own arguments; an argument may name an earlier step's output
 * (`ref('launch', 'instanceIds')`), resolved when the step runs. A step may carry its
 * compensation: what undoes it, run in reverse order when a later step fails.
 */

/** "The output of step `from`" (or one field of it), resolved when the step that uses it runs. */
export interface StepOutputRef {
  readonly from: string;
  readonly output?: string;
}

export type StepArgs = Record<string, unknown>;

/** What undoes a step. Compensations read the real state first, so running one twice, or for a half-done step, is harmless. */
export interface Compensation {
  action: string;
  summary: string;
  args?: StepArgs;
}

export interface PlanStep {
  /** Unique within the plan; later steps name it in their arguments. */
  id: string;
  /** Machine-readable kind of step; the operation's handler for it does the work. */
  action: string;
  /** One line for people: "Launch 2 instances of release 1a2b3c from ami-0abc". */
  summary: string;
  /** Further lines printed under the summary (keys, ids, byte counts). */
  details?: string[];
  /** The step's inputs, printed by `--dry-run`; values may be `StepOutputRef`s. */
  args?: StepArgs;
  /** Run (in reverse order) when this step or a later one fails. */
  compensate?: Compensation;
  /**
   * Once this step starts, the plan can only go forward: a failure from here on runs no
   * compensation (e.g. terminating the old fleet: there is nothing left to roll back to).
   */
  pointOfNoReturn?: boolean;
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
  /** Steps that run after everything else whatever happened (e.g. release the lock). */
  finally?: S[];
}

export function ref(from: string, output?: string): StepOutputRef {
  return output === undefined ? { from } : { from, output };
}

export function isRef(value: unknown): value is StepOutputRef {
  return typeof value === 'object' && value !== null && typeof (value as StepOutputRef).from === 'string' && Object.keys(value).every((k) => k === 'from' || k === 'output');
}

/** Replaces every reference in `args` with the named output; a step that produced nothing yields `undefined`. */
export function resolveArgs(args: StepArgs | undefined, outputs: ReadonlyMap<string, unknown>): StepArgs {
  const resolved: StepArgs = {};
  for (const [key, value] of Object.entries(args ?? {})) {
    if (!isRef(value)) {
      resolved[key] = value;
      continue;
    }
    const out = outputs.get(value.from);
    resolved[key] = value.output === undefined ? out : (out as Record<string, unknown> | undefined)?.[value.output];
  }
  return resolved;
}

export function formatPlan(plan: Plan): string {
  const lines = [`Plan: ${plan.operation} → ${plan.target}`];
  const width = Math.max(0, ...plan.facts.map(([k]) => k.length));
  for (const [k, v] of plan.facts) lines.push(`  ${k.padEnd(width)}  ${v}`);
  if (plan.steps.length === 0) lines.push('  (nothing to do)');
  const all = [...plan.steps, ...(plan.finally ?? [])];
  all.forEach((step, i) => {
    const always = i >= plan.steps.length ? ' (always, whatever happened)' : '';
    lines.push(`  ${String(i + 1).padStart(2)}. ${step.summary}${always}`);
    for (const d of step.details ?? []) lines.push(`        ${d}`);
    if (step.args) lines.push(`        ${step.id}: ${formatCall(step.action, step.args)}`);
    if (step.pointOfNoReturn) lines.push('        point of no return: a failure from here on is not rolled back');
    if (step.compensate) lines.push(`        undo: ${formatCall(step.compensate.action, step.compensate.args ?? {})}  (${step.compensate.summary})`);
  });
  return lines.join('\n');
}

/** `register(targets ← launch.targets, targetGroup=arn:…)`: the exact call a step makes. */
export function formatCall(action: string, args: StepArgs): string {
  const parts = Object.entries(args).map(([k, v]) => (isRef(v) ? `${k} ← ${v.from}${v.output ? `.${v.output}` : ''}` : `${k}=${formatValue(k, v)}`));
  return `${action}(${parts.join(', ')})`;
}

function formatValue(key: string, value: unknown): string {
  if (typeof value === 'number' && /Ms$/.test(key)) return `${value} (${humanMs(value)})`;
  if (Array.isArray(value)) return `[${value.map((v) => formatValue('', v)).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    const o = value as Record<string, unknown>;
    // A target prints as id:port, the way people write it.
    if (typeof o['id'] === 'string' && typeof o['port'] === 'number' && Object.keys(o).length === 2) return `${o['id']}:${o['port']}`;
    return JSON.stringify(value);
  }
  return String(value);
}

function humanMs(ms: number): string {
  if (ms % 60_000 === 0 && ms >= 60_000) return `${ms / 60_000} min`;
  return `${ms / 1000} s`;
}
