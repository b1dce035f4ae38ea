import fc from 'fast-check';
import { availableParallelism } from 'node:os';
import { HttpError } from '../http/errors';
import { PasswordWork } from './password-work';

/** A task that finishes when told to, recording how many ran at once. */
function gate() {
  let release!: () => void;
  const done = new Promise<void>((r) => (release = r));
  return { done, release };
}

describe('PasswordWork (the queue in front of PBKDF2)', () => {
  it('runs at most `concurrency` tasks at once, the rest in arrival order', async () => {
    const work = new PasswordWork({ concurrency: 2, queueLimit: 10 });
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const gates = Array.from({ length: 6 }, gate);
    const results = gates.map((g, i) =>
      work.run(async () => {
        started.push(i);
        peak = Math.max(peak, ++running);
        await g.done;
        running--;
        return i;
      }),
    );
    await Promise.resolve();
    expect(work.load).toEqual({ running: 2, waiting: 4 });
    for (const g of gates) {
      g.release();
      await new Promise((r) => setImmediate(r));
    }
    expect(await Promise.all(results)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
    expect(peak).toBe(2);
    expect(work.load).toEqual({ running: 0, waiting: 0 });
  });

  it('refuses beyond the queue with 503 and a Retry-After from how long tasks take, without running them', async () => {
    const work = new PasswordWork({ concurrency: 1, queueLimit: 2, initialEstimateMs: 1500 });
    const g = gate();
    const ran: number[] = [];
    const admitted = [0, 1, 2].map((i) => work.run(async () => (ran.push(i), g.done)));
    const refused = work.run(async () => ran.push(99)).catch((e: unknown) => e);
    const error = (await refused) as HttpError;
    expect(error).toBeInstanceOf(HttpError);
    expect([error.status, error.code]).toEqual([503, 'busy']);
    // 2 waiting + this one, one at a time, 1.5 s each: 4.5 s, rounded up.
    expect(error.extras.headers).toEqual({ 'Retry-After': '5' });
    g.release();
    await Promise.all(admitted);
    expect(ran).toEqual([0, 1, 2]);
  });

  it('keeps its count right when tasks fail (a failure hands the turn on like a success)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 3 }), fc.array(fc.boolean(), { minLength: 1, maxLength: 12 }), async (concurrency, failures) => {
        const work = new PasswordWork({ concurrency, queueLimit: 100 });
        let running = 0;
        let peak = 0;
        const settled = await Promise.allSettled(
          failures.map((fails) =>
            work.run(async () => {
              peak = Math.max(peak, ++running);
              await new Promise((r) => setImmediate(r));
              running--;
              if (fails) throw new Error('wrong password');
            }),
          ),
        );
        expect(settled.map((s) => s.status === 'rejected')).toEqual(failures);
        expect(peak).toBeLessThanOrEqual(concurrency);
        expect(work.load).toEqual({ running: 0, waiting: 0 });
      }),
      { numRuns: 50 },
    );
  });

  it('keeps a core for requests by default (cores - 1, at least 1)', () => {
    expect(new PasswordWork({ queueLimit: 1 }).concurrency).toBe(Math.max(1, availableParallelism() - 1));
    expect(new PasswordWork({ queueLimit: 1, concurrency: 0 }).concurrency).toBe(1);
  });
});
