import { redactorForEnv } from '@eapd/config';
import { createConsoleLogger } from '../../log/logger';
import type { WorkerContext } from '../../process/worker-boot';
import { runPreview } from './executor';
import type { PreviewExecutorOptions } from './schema';

/** What `api:preview` hands to its detached worker. */
export interface PreviewJob {
  options: PreviewExecutorOptions;
  root: string;
}

/** Runs in the detached worker (see process/detached-worker.ts): the preview deploy, with the worker's signals as interrupts. */
export async function runJob(job: PreviewJob, context: WorkerContext): Promise<{ success: boolean }> {
  const env = process.env;
  const redact = redactorForEnv(env);
  return runPreview(job.options, { env, logger: createConsoleLogger({ redact }), redact, root: job.root, signals: context.signals });
}
