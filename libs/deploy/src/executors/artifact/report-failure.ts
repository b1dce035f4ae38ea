import { DeployError } from '../../log/errors';
import type { DeployLogger } from '../../log/logger';

/** Prints what went wrong and, for our own errors, what to do next. */
export function reportFailure(logger: DeployLogger, error: unknown): void {
  if (error instanceof DeployError) {
    logger.error(error.message);
    if (error.hint) logger.info(`  → ${error.hint}`);
  } else {
    logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  }
}
