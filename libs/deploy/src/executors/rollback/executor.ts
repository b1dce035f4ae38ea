import type { ExecutorContext } from '@nx/devkit';
import { redactorForEnv } from '@eapd/config';
import { createConsoleLogger } from '../../log/logger';
import { runRolloverExecutor } from '../rollover/executor';
import type { RollbackExecutorOptions } from './schema';

/** `nx run api:rollback:<env>`: roll over to the release the serving fleet replaced. */
export default async function rollbackExecutor(options: RollbackExecutorOptions, context: ExecutorContext) {
  const env = process.env;
  return runRolloverExecutor(options, context, 'rollback', { env, logger: createConsoleLogger({ redact: redactorForEnv(env) }) });
}
