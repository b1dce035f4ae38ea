import fc from 'fast-check';
import { FakeClock } from '../../testing/fake-clock';
import { MemoryLogger } from '../../testing/memory-logger';
import { isTransientError } from '../ports/compute';
import { GaveUpError, mutateConverged, retryTransient } from './retry';

const http = (status: number, name = 'InternalError') => Object.assign(new Error('We encountered an internal error.'), { name, $metadata: { httpStatusCode: status } });
const lost = () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });

function setup() {
  const clock = new FakeClock();
  const logger = new MemoryLogger();
  return { clock, logger, deps: { clock, logger, random: () => 1 } };
}

describe('isTransientError', () => {
  it('retries throttling, 5xx, resets and timeouts, also when wrapped as a cause; not 4xx', () => {
    expect(isTransientError(http(500))).toBe(true);
    expect(isTransientError(http(503, 'ServiceUnavailable'))).toBe(true);
    expect(isTransientError(Object.assign(new Error('Rate exceeded'), { name: 'Throttling' }))).toBe(true);
    expect(isTransientError(lost())).toBe(true);
    expect(isTransientError(new Error('ELBv2 DeregisterTargets failed', { cause: http(500) }))).toBe(true);
    expect(isTransientError(Object.assign(new Error('x'), { kind: 'x', transient: true }))).toBe(true);
    expect(isTransientError(http(400, 'InvalidTarget'))).toBe(false);
    expect(isTransientError(new Error('plain'))).toBe(false);
  });
});

describe('retryTransient', () => {
  it('rides out a 0.75 s burst of 500s (item 5)', async () => {
    const { clock, deps } = setup();
    const t0 = clock.now();
    let calls = 0;
    const value = await retryTransient('read target health', async () => {
      calls++;
      if (clock.now() - t0 < 750) throw http(500);
      return 'healthy';
    }, deps, { deadlineAt: t0 + 60_000 });
    expect(value).toBe('healthy');
    expect(calls).toBeGreaterThan(1);
  });

  it('throws a permanent error at once', async () => {
    const { clock, deps } = setup();
    let calls = 0;
    await expect(retryTransient('x', async () => {
      calls++;
      throw http(400, 'ValidationError');
    }, deps, { deadlineAt: clock.now() + 60_000 })).rejects.toThrow('We encountered');
    expect(calls).toBe(1);
  });

  it('is bounded by the deadline and names the call and how long it tried', async () => {
    const { clock, deps } = setup();
    const t0 = clock.now();
    const err = await retryTransient('deregister i-1', async () => {
      throw new Error('ELBv2 DeregisterTargets (target group api) failed after 6 attempts: 500 InternalError: oops', { cause: http(500) });
    }, deps, { deadlineAt: t0 + 20_000 }).catch((e) => e);
    expect(err).toBeInstanceOf(GaveUpError);
    expect(err.message).toMatch(/^ELBv2 DeregisterTargets \(target group api\) failed after 6 attempts: 500 InternalError: oops \(deregister i-1: gave up after \d+ tries over 20.0 s\)$/);
    expect(clock.now() - t0).toBe(20_000);
  });

  it('property: back-off never sleeps past the deadline, whatever the jitter', async () => {
    await fc.assert(
      fc.asyncProperty(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 30_000 }), async (r, budget) => {
        const clock = new FakeClock();
        const t0 = clock.now();
        await retryTransient('x', async () => Promise.reject(lost()), { clock, logger: new MemoryLogger(), random: () => r }, { deadlineAt: t0 + budget }).catch(() => undefined);
        expect(clock.now() - t0).toBe(budget);
      }),
      { numRuns: 30 },
    );
  }, 60_000);
});

describe('mutateConverged', () => {
  it('a lost response is not retried blindly: the state is read back and found applied', async () => {
    const { clock, deps, logger } = setup();
    let applied = 0;
    let calls = 0;
    await mutateConverged('deregister i-old', async () => {
      calls++;
      applied++;
      throw lost();
    }, async () => applied > 0, deps, { deadlineAt: clock.now() + 60_000 });
    expect(calls).toBe(1);
    expect(logger.text).toContain('deregister i-old: AWS had applied it (the answer was lost)');
  });

  it('a call that failed before AWS applied it is repeated until the state shows it', async () => {
    const { clock, deps } = setup();
    let calls = 0;
    let applied = false;
    await mutateConverged('register i-new', async () => {
      calls++;
      if (calls < 3) throw http(500);
      applied = true;
    }, async () => applied, deps, { deadlineAt: clock.now() + 60_000 });
    expect(calls).toBe(3);
  });

  it('a permanent error that leaves the goal reached is fine (deregistering a target AWS already removed)', async () => {
    const { clock, deps } = setup();
    await expect(mutateConverged('deregister i-gone', async () => {
      throw http(400, 'InvalidTarget');
    }, async () => true, deps, { deadlineAt: clock.now() + 60_000 })).resolves.toBeUndefined();
  });

  it('gives up at the deadline naming the last error', async () => {
    const { clock, deps } = setup();
    const err = await mutateConverged('terminate i-1', async () => {
      throw new Error('EC2 TerminateInstances (i-1) failed after 6 attempts: 500 InternalError: x', { cause: http(500) });
    }, async () => false, deps, { deadlineAt: clock.now() + 30_000 }).catch((e) => e);
    expect(err).toBeInstanceOf(GaveUpError);
    expect(err.message).toContain('EC2 TerminateInstances (i-1) failed after 6 attempts');
  });
});
