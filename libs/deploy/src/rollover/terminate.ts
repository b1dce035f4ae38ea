import { withRetry } from './retry';
import type { RolloverDeps } from './rollover-types';

/** Terminates instances that are no longer registered (never call with a serving one). */
export async function terminateInstances(ids: string[], why: string, deps: Pick<RolloverDeps, 'compute' | 'clock' | 'logger'>): Promise<void> {
  if (ids.length === 0) return;
  await withRetry('terminate instances', () => deps.compute.terminate(ids), deps);
  deps.logger.info(`terminated ${ids.join(', ')} (${why})`);
}
