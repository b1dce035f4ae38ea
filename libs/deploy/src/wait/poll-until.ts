import { InterruptedError, WaitTimeoutError } from '../log/errors';
import type { DeployLogger } from '../log/logger';
import type { Clock } from '../ports/clock';
import { elapsed } from './elapsed';

/**
 * Progress while nothing is done: CI systems kill a job that prints nothing for a while, and a
 * person watching wants to know the wait is alive. Runs after the timeout check, at most once
 * per `everyMs`; it may also look for a reason to give up early and throw.
 */
export interface Heartbeat {
  /** Default one minute. */
  everyMs?: number;
  /** `stamp` is the elapsed-time label of this round; `waitedMs` the time waited so far. */
  beat(stamp: string, waitedMs: number): void | Promise<void>;
}

export interface PollOptions {
  /** Completes "Timed out after 5 min 0 s waiting for …"; a function when it names the last answer. */
  what: string | (() => string);
  timeoutMs: number;
  intervalMs: number;
  clock: Clock;
  signal?: AbortSignal;
  hint?: string;
  /** Returns true when done; throws to fail at once. Gets the elapsed-time label. */
  check(stamp: string): Promise<boolean>;
  heartbeat?: Heartbeat;
}

/** The usual heartbeat: "[+1:00] still waiting: <summary>" once a minute. */
export function stillWaiting(logger: DeployLogger, summary: () => string): Heartbeat {
  return { beat: (stamp) => logger.info(`[${stamp}] still waiting: ${summary()}`) };
}

export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new InterruptedError();
}

/**
 * A bounded wait: nothing here can wait forever (seed defects 1, 3, 4). The last sleep is cut
 * to the deadline, so the final check happens at `timeoutMs`, not up to one interval later.
 */
export async function pollUntil(o: PollOptions): Promise<void> {
  const start = o.clock.now();
  const beatEvery = o.heartbeat?.everyMs ?? 60_000;
  let lastBeat = start;
  for (;;) {
    throwIfAborted(o.signal);
    const stamp = elapsed(start, o.clock.now());
    if (await o.check(stamp)) return;
    const now = o.clock.now();
    if (now - start >= o.timeoutMs) {
      throw new WaitTimeoutError(typeof o.what === 'function' ? o.what() : o.what, o.timeoutMs, o.hint);
    }
    if (o.heartbeat && now - lastBeat >= beatEvery) {
      lastBeat = now;
      await o.heartbeat.beat(stamp, now - start);
    }
    try {
      await o.clock.sleep(Math.min(o.intervalMs, start + o.timeoutMs - now), o.signal);
    } catch (err) {
      throwIfAborted(o.signal);
      throw err;
    }
  }
}
