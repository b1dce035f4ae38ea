import { InterruptedError, WaitTimeoutError } from '../log/errors';
import type { DeployLogger } from '../log/logger';
import type { Clock } from '../ports/clock';
import { elapsed } from './elapsed';

export interface PollOptions {
  what: string;
  timeoutMs: number;
  intervalMs: number;
  clock: Clock;
  logger: DeployLogger;
  signal?: AbortSignal;
  hint?: string;
  /** Returns true when done; throws to fail at once. Gets the elapsed-time label. */
  check(stamp: string): Promise<boolean>;
  /** A line printed at least once a minute while nothing changes (CI no-output timeouts). */
  heartbeat?(): string;
}

export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new InterruptedError();
}

/** A bounded wait: nothing here can wait forever (seed defects 1, 3, 4). */
export async function pollUntil(o: PollOptions): Promise<void> {
  const start = o.clock.now();
  let lastBeat = start;
  for (;;) {
    throwIfAborted(o.signal);
    const stamp = elapsed(start, o.clock.now());
    if (await o.check(stamp)) return;
    const now = o.clock.now();
    if (now - start >= o.timeoutMs) throw new WaitTimeoutError(o.what, o.timeoutMs, o.hint);
    if (o.heartbeat && now - lastBeat >= 60_000) {
      o.logger.info(`[${stamp}] still waiting: ${o.heartbeat()}`);
      lastBeat = now;
    }
    try {
      await o.clock.sleep(Math.min(o.intervalMs, start + o.timeoutMs - now), o.signal);
    } catch (err) {
      throwIfAborted(o.signal);
      throw err;
    }
  }
}
