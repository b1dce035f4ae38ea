import { availableParallelism } from 'node:os';
import { HttpError } from '../http/errors';

export interface PasswordWorkOptions {
  /** Logins hashing at once (PBKDF2_CONCURRENCY); default: one less than the cores, at least 1. */
  concurrency?: number;
  /** Logins that may wait for a turn (PBKDF2_QUEUE_LIMIT); more are refused with 503. */
  queueLimit: number;
  /** What one login is assumed to take before any has finished (for Retry-After), in ms. */
  initialEstimateMs?: number;
}

/**
 * A queue in front of PBKDF2. Node runs each derivation on libuv's thread pool (4 threads), so
 * 20 logins at once kept every core busy hashing and the event loop waited its turn for CPU:
 * /api/health took 100-800 ms. Here at most `concurrency` logins hash at once (one core stays
 * for requests), the next `queueLimit` wait in order, and beyond that a login is refused at
 * once with 503 and a Retry-After computed from how long logins take, before anything is
 * counted against the account.
 */
export class PasswordWork {
  readonly concurrency: number;
  readonly queueLimit: number;
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  private averageMs: number;

  constructor(options: PasswordWorkOptions) {
    this.concurrency = Math.max(1, options.concurrency ?? availableParallelism() - 1);
    this.queueLimit = options.queueLimit;
    this.averageMs = options.initialEstimateMs ?? 300;
  }

  /** Logins hashing now, and waiting. */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  /** Runs `task` in turn. Rejects at once with a 503 (and Retry-After) when the queue is full. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= this.queueLimit) throw this.overloaded();
      // The finishing task hands its place over: `running` stays the same.
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    const started = performance.now();
    try {
      return await task();
    } finally {
      // A moving average: Retry-After follows the real cost (iterations, machine, load).
      this.averageMs = 0.8 * this.averageMs + 0.2 * (performance.now() - started);
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }

  private overloaded(): HttpError {
    const turns = Math.ceil((this.waiting.length + 1) / this.concurrency);
    const seconds = Math.max(1, Math.ceil((turns * this.averageMs) / 1000));
    return new HttpError(503, 'busy', `Too many sign-ins at once right now. Try again in ${seconds} second${seconds === 1 ? '' : 's'}.`, undefined, {
      headers: { 'Retry-After': String(seconds) },
    });
  }
}
