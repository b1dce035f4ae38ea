import type { ExecutorContext } from '@nx/devkit';
import { startRollover } from '../rollover/executor';
import type { RollbackExecutorOptions } from './schema';

/** `nx run api:rollback:<env>`: roll over to the release the serving fleet replaced. */
export default async function rollbackExecutor(options: RollbackExecutorOptions, context: ExecutorContext) {
  return startRollover(options, context, 'rollback');
}
