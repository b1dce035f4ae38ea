import { DeployError, InterruptedError, WaitTimeoutError } from '../log/errors';
import { FakeClock } from '../../testing/fake-clock';
import { MemoryLogger } from '../../testing/memory-logger';
import { pollUntil, stillWaiting } from './poll-until';

describe('pollUntil', () => {
  const base = (clock: FakeClock) => ({ what: 'the thing', timeoutMs: 5 * 60_000, intervalMs: 10_000, clock });

  it('returns as soon as the check says done, with the elapsed label of that round', async () => {
    const clock = new FakeClock();
    const stamps: string[] = [];
    await pollUntil({ ...base(clock), check: async (stamp) => (stamps.push(stamp), stamps.length === 8) });
    expect(stamps.slice(-2)).toEqual(['+1:00', '+1:10']);
  });

  it('is bounded: times out at timeoutMs exactly, even when the interval does not divide it', async () => {
    const clock = new FakeClock();
    const t0 = clock.now();
    const err = await pollUntil({ ...base(clock), timeoutMs: 45_000, hint: 'do this', check: async () => false }).catch((e) => e);
    expect(err).toBeInstanceOf(WaitTimeoutError);
    expect(err.message).toBe('Timed out after 45.0 s waiting for the thing');
    expect(err.hint).toBe('do this');
    expect(clock.now() - t0).toBe(45_000);
  });

  it('builds a lazy timeout message at the moment it times out', async () => {
    const clock = new FakeClock();
    let n = 0;
    const run = pollUntil({ ...base(clock), timeoutMs: 30_000, what: () => `answer ${n}`, check: async () => (n++, false) });
    await expect(run).rejects.toThrow('Timed out after 30.0 s waiting for answer 4');
  });

  it('prints the standard heartbeat once a minute while nothing changes', async () => {
    const clock = new FakeClock();
    const logger = new MemoryLogger();
    await pollUntil({ ...base(clock), timeoutMs: 3 * 60_000, heartbeat: stillWaiting(logger, () => 'i-1 pending'), check: async () => false }).catch(() => undefined);
    expect(logger.lines).toEqual(['[+1:00] still waiting: i-1 pending', '[+2:00] still waiting: i-1 pending']);
  });

  it('runs a custom heartbeat at its own cadence, and a heartbeat that throws ends the wait', async () => {
    const clock = new FakeClock();
    const waited: number[] = [];
    const beat = async (_stamp: string, waitedMs: number) => {
      waited.push(waitedMs);
      if (waited.length === 3) throw new DeployError('gave up early');
    };
    await expect(pollUntil({ ...base(clock), heartbeat: { everyMs: 30_000, beat }, check: async () => false })).rejects.toThrow('gave up early');
    expect(waited).toEqual([30_000, 60_000, 90_000]);
  });

  it('stops at once when interrupted, with the signal reason', async () => {
    const clock = new FakeClock();
    const ac = new AbortController();
    let checks = 0;
    const run = pollUntil({ ...base(clock), signal: ac.signal, check: async () => (++checks === 3 && ac.abort(new InterruptedError('SIGTERM')), false) });
    await expect(run).rejects.toThrow('Interrupted by SIGTERM');
    expect(checks).toBe(3);
  });
});
