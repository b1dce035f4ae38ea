import type { Clock } from '../ports/clock';
import type { DeployLogger } from '../log/logger';
import { formatDuration } from '../log/errors';
import type { Plan, PlanStep } from './plan';

export type StepHandler<S extends PlanStep> = (step: S, index: number) => Promise<void>;

export interface StepTiming {
  summary: string;
  ms: number;
  ok: boolean;
}

export interface ApplyReport {
  steps: StepTiming[];
  totalMs: number;
}

export class PlanStepError extends Error {
  constructor(
    readonly step: PlanStep,
    readonly report: ApplyReport,
    cause: unknown,
  ) {
    super(`Step "${step.summary}" failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'PlanStepError';
  }
}

/**
 * Runs each step of `plan` through `handle`, printing a section header per step and its
 * duration, then "Finished all in N s". Stops at the first failing step and throws a
 * PlanStepError carrying the report so far; the caller decides how to roll back.
 */
export async function applyPlan<S extends PlanStep>(
  plan: Plan<S>,
  handle: StepHandler<S>,
  deps: { logger: DeployLogger; clock: Clock },
): Promise<ApplyReport> {
  const { logger, clock } = deps;
  const started = clock.now();
  const report: ApplyReport = { steps: [], totalMs: 0 };
  for (const [i, step] of plan.steps.entries()) {
    logger.section(`${i + 1}/${plan.steps.length} ${step.summary}`);
    const t0 = clock.now();
    try {
      await handle(step, i);
    } catch (err) {
      report.steps.push({ summary: step.summary, ms: clock.now() - t0, ok: false });
      report.totalMs = clock.now() - started;
      logger.error(`failed after ${formatDuration(clock.now() - t0)}`);
      throw new PlanStepError(step, report, err);
    }
    const ms = clock.now() - t0;
    report.steps.push({ summary: step.summary, ms, ok: true });
    logger.info(`done in ${formatDuration(ms)}`);
  }
  report.totalMs = clock.now() - started;
  logger.info(`\nFinished all in ${formatDuration(report.totalMs)}`);
  return report;
}
