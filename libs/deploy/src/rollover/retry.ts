import { isThrottlingError } from '../ports/compute';
import type { Clock } from '../ports/clock';
import type { DeployLogger } from '../log/logger';

const ATTEMPTS = 6;

/**
 * Calls `fn`, retrying AWS throttling errors with exponential back-off (1, 2, 4, 8, 16 s).
 * The SDK already retries a few times; this rides out a longer burst during a deploy.
 * No signal here on purpose: roll-back calls must still run after an interrupt.
 * Not `wait/poll-until`: that waits for a state with a deadline; this repeats one failed call
 * a fixed number of times. Not `github/retry-policy` either: GitHub says when to retry in its
 * rate-limit headers, AWS throttling errors carry no such time.
 */
export async function withRetry<T>(
  what: string,
  fn: () => Promise<T>,
  deps: { clock: Clock; logger: DeployLogger },
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!isThrottlingError(err) || attempt >= ATTEMPTS) throw err;
      const delay = 1000 * 2 ** (attempt - 1);
      deps.logger.warn(`${what}: AWS is throttling requests (${(err as Error).name}); retrying in ${delay / 1000} s (attempt ${attempt + 1}/${ATTEMPTS})`);
      await deps.clock.sleep(delay);
    }
  }
}
