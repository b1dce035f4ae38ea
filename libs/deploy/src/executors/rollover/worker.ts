import { redactorForEnv } from '@eapd/config';
import { createConsoleLogger } from '../../log/logger';
import type { WorkerContext } from '../../process/worker-boot';
import type { Release } from '../../rollover/rollover-types';
import { runRolloverExecutor } from './executor';
import type { RolloverExecutorOptions } from './schema';

/** What `api:deploy` / `api:rollback` hand to their detached worker. */
export interface RolloverJob {
  options: RolloverExecutorOptions;
  kind: 'deploy' | 'rollback';
  root: string;
  release?: Release;
}

/** Runs in the detached worker (see process/detached-worker.ts): the rollover, with the worker's signals as interrupts. */
export async function runJob(job: RolloverJob, context: WorkerContext): Promise<{ success: boolean }> {
  const env = process.env;
  const logger = createConsoleLogger({ redact: redactorForEnv(env) });
  return runRolloverExecutor(job.options, { root: job.root }, job.kind, { env, logger, signals: context.signals, release: job.release });
}
