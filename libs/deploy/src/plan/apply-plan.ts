import type { Clock } from '../ports/clock';
import type { DeployLogger } from '../log/logger';
import { formatDuration } from '../log/errors';
import { resolveArgs, type Compensation, type Plan, type PlanStep, type StepArgs } from './plan';

export interface ApplyContext {
  /** Outputs of the steps that completed so far, by step id. */
  outputs: ReadonlyMap<string, unknown>;
}

/** Does a step's work; what it returns is the step's output, which later steps may name. */
export type StepHandler<S extends PlanStep> = (step: S, args: StepArgs, ctx: ApplyContext) => Promise<unknown>;

export interface StepHandlers<S extends PlanStep> {
  run: StepHandler<S>;
  /** Carries out a compensation; `step` is the step it undoes. */
  compensate?: (compensation: Compensation, args: StepArgs, ctx: ApplyContext & { step: S }) => Promise<void>;
}

/** Lets an operation record its progress where a later run can find it (e.g. a journal in tags). */
export interface ApplyHooks<S extends PlanStep> {
  beforeStep?(step: S): Promise<void> | void;
  beforeCompensations?(failed: S): Promise<void> | void;
}

export interface StepTiming {
  id: string;
  summary: string;
  ms: number;
  ok: boolean;
  error?: Error;
}

export interface CompensationTiming extends StepTiming {
  /** The step this compensation undoes. */
  stepId: string;
}

export interface ApplyReport {
  steps: StepTiming[];
  compensations: CompensationTiming[];
  totalMs: number;
  outputs: ReadonlyMap<string, unknown>;
}

export class PlanStepError extends Error {
  constructor(
    readonly step: PlanStep,
    readonly report: ApplyReport,
    cause: unknown,
    /** True when every compensation that applied ran and succeeded (nothing left half-done). */
    readonly compensated: boolean,
  ) {
    super(`Step "${step.summary}" failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'PlanStepError';
  }
}

/**
 * The one applier. Runs each step of `plan` in order (section header, duration, "Finished all
 * in N s"), resolving its arguments from earlier outputs and recording each outcome. When a
 * step fails, runs the compensations of that step and of every completed one in reverse
 * order — the failed step's too, because it may have half-happened (a lost response) and
 * compensations read the real state before acting — unless a point of no return was passed.
 * A compensation that fails stops the roll-back (later ones depend on it). `finally` steps
 * run whatever happened. Throws a PlanStepError carrying the report on failure.
 */
export async function applyPlan<S extends PlanStep>(
  plan: Plan<S>,
  handlers: StepHandlers<S> | StepHandler<S>,
  deps: { logger: DeployLogger; clock: Clock; hooks?: ApplyHooks<S> },
): Promise<ApplyReport> {
  const { logger, clock } = deps;
  const h: StepHandlers<S> = typeof handlers === 'function' ? { run: handlers } : handlers;
  const started = clock.now();
  const outputs = new Map<string, unknown>();
  const report: ApplyReport = { steps: [], compensations: [], totalMs: 0, outputs };
  const total = plan.steps.length;
  let failure: { step: S; error: unknown; compensated: boolean } | undefined;

  for (const [i, step] of plan.steps.entries()) {
    const error = await runStep(step, `${i + 1}/${total} ${step.summary}`);
    if (error === undefined) continue;
    const startedSteps = plan.steps.slice(0, i + 1);
    const passedNoReturn = startedSteps.some((s) => s.pointOfNoReturn);
    const compensated = passedNoReturn ? false : await compensate([...startedSteps].reverse(), step);
    failure = { step, error, compensated };
    break;
  }

  for (const step of plan.finally ?? []) {
    const error = await runStep(step, `${step.summary} (always)`);
    if (error !== undefined && !failure) failure = { step, error, compensated: false };
  }

  report.totalMs = clock.now() - started;
  if (failure) throw new PlanStepError(failure.step, report, failure.error, failure.compensated);
  logger.info(`\nFinished all in ${formatDuration(report.totalMs)}`);
  return report;

  async function runStep(step: S, title: string): Promise<unknown> {
    logger.section(title);
    const t0 = clock.now();
    try {
      await deps.hooks?.beforeStep?.(step);
      const output = await h.run(step, resolveArgs(step.args, outputs), { outputs });
      outputs.set(step.id, output);
    } catch (err) {
      report.steps.push({ id: step.id, summary: step.summary, ms: clock.now() - t0, ok: false, error: asError(err) });
      logger.error(`failed after ${formatDuration(clock.now() - t0)}: ${asError(err).message}`);
      return err ?? new Error('step failed');
    }
    const ms = clock.now() - t0;
    report.steps.push({ id: step.id, summary: step.summary, ms, ok: true });
    logger.info(`done in ${formatDuration(ms)}`);
    return undefined;
  }

  /** Returns true when every applicable compensation succeeded. */
  async function compensate(reversed: S[], failed: S): Promise<boolean> {
    const todo = reversed.filter((s) => s.compensate);
    if (todo.length === 0) return true;
    if (!h.compensate) throw new Error(`plan "${plan.operation}" has compensations but no compensation handler`);
    try {
      await deps.hooks?.beforeCompensations?.(failed);
    } catch (err) {
      logger.warn(`could not record the roll-back: ${asError(err).message}`);
    }
    for (const [n, step] of todo.entries()) {
      const c = step.compensate as Compensation;
      logger.section(`Roll back ${n + 1}/${todo.length}: ${c.summary}`);
      const t0 = clock.now();
      try {
        await h.compensate(c, resolveArgs(c.args, outputs), { outputs, step });
      } catch (err) {
        report.compensations.push({ id: c.action, stepId: step.id, summary: c.summary, ms: clock.now() - t0, ok: false, error: asError(err) });
        logger.error(`roll-back step failed after ${formatDuration(clock.now() - t0)}: ${asError(err).message}`);
        const left = todo.slice(n + 1).map((s) => (s.compensate as Compensation).summary);
        if (left.length) logger.error(`not run, because they depend on it: ${left.join('; ')}`);
        return false;
      }
      report.compensations.push({ id: c.action, stepId: step.id, summary: c.summary, ms: clock.now() - t0, ok: true });
      logger.info(`done in ${formatDuration(clock.now() - t0)}`);
    }
    return true;
  }
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}
