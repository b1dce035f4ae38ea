import type { ExecutorContext } from '@nx/devkit';
import { redactorForEnv } from '@eapd/config';
import { createConsoleLogger } from '../../log/logger';
import { runReleaseExecutor } from '../release/executor';
import type { ReleaseRollbackExecutorOptions } from './schema';

/** `nx run deploy:rollback --configuration=<env> [--to=<sha>]`: both parts back to an earlier release. */
export default async function releaseRollbackExecutor(options: ReleaseRollbackExecutorOptions, context: ExecutorContext) {
  const env = process.env;
  return runReleaseExecutor(options, context, 'rollback', { env, logger: createConsoleLogger({ redact: redactorForEnv(env) }) });
}
