import { ConfigError } from '@eapd/config';
import { DeployError } from './errors';
import type { DeployLogger } from './logger';

/**
 * How every executor ends on an error. Our own errors (a config problem, a DeployError) were
 * written for the person at the terminal: print the message and the hint. Anything else is a
 * bug or an SDK failure we did not anticipate: say so plainly, with its type, without a stack
 * dump in the CI log. Output goes through the logger, so it is redacted like everything else.
 */
export function reportFailure(logger: DeployLogger, error: unknown, what: string): void {
  if (error instanceof ConfigError || error instanceof DeployError) {
    logger.error(error.message);
    if (error instanceof DeployError && error.hint) logger.info(`  → ${error.hint}`);
    return;
  }
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  logger.error(`${what} failed unexpectedly: ${detail}`);
}
