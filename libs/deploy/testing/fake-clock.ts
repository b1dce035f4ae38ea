import type { Clock } from '../src/ports/clock';

/**
 * A virtual clock: `sleep` advances time at once, so a 15-minute health wait runs in
 * milliseconds. Fakes of other ports can register `onAdvance` to change state over time.
 */
export class FakeClock implements Clock {
  private t: number;
  private listeners: Array<(now: number) => void> = [];

  constructor(start = Date.UTC(2026, 0, 1)) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw signal.reason ?? new Error('aborted');
    this.advance(ms);
    // Yield so other async work (and abort handlers) can run between polls.
    await new Promise((r) => setImmediate(r));
    if (signal?.aborted) throw signal.reason ?? new Error('aborted');
  }

  advance(ms: number): void {
    this.t += ms;
    for (const l of this.listeners) l(this.t);
  }

  onAdvance(listener: (now: number) => void): void {
    this.listeners.push(listener);
  }
}
