import fc from 'fast-check';
import { FakeClock } from '../../testing/fake-clock';
import { AwsCallError } from '../ports/aws-call-error';
import { DEFAULT_RETRY_POLICY, callAws, classifyAwsError, type AwsCallContext, type RetryNotice } from './aws-call';

const awsError = (name: string, status: number, message: string) => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });
const internal = () => awsError('InternalError', 500, 'We encountered an internal error. Please try again.');
const call = { service: 'ELBv2' as const, operation: 'DeregisterTargets', resource: 'target group api-staging' };

function context(clock = new FakeClock(), overrides: Partial<AwsCallContext['policy']> = {}) {
  const notices: RetryNotice[] = [];
  const ctx: AwsCallContext = { policy: { ...DEFAULT_RETRY_POLICY, ...overrides }, clock, onRetry: (n) => notices.push(n), random: () => 1 };
  return { ctx, notices, clock };
}

/** An attempt function failing with `errors` in turn, then answering `ok`. */
function scripted(errors: unknown[]) {
  let n = 0;
  const fn = async () => {
    if (n < errors.length) throw errors[n++];
    n++;
    return 'ok';
  };
  return { fn, attempts: () => n };
}

describe('callAws', () => {
  it('retries 5xx with growing back-off until it succeeds', async () => {
    const { ctx, notices, clock } = context();
    const t0 = clock.now();
    const s = scripted([internal(), internal(), internal()]);
    await expect(callAws(ctx, call, s.fn)).resolves.toBe('ok');
    expect(s.attempts()).toBe(4);
    expect(notices.map((n) => n.delayMs)).toEqual([100, 200, 400]);
    expect(clock.now() - t0).toBe(700);
  });

  it('backs off longer after throttling (EC2 RequestLimitExceeded, ELBv2 Throttling, S3 SlowDown)', async () => {
    for (const [code, status] of [['RequestLimitExceeded', 503], ['Throttling', 400], ['SlowDown', 503]] as const) {
      const { ctx, notices } = context();
      await callAws(ctx, call, scripted([awsError(code, status, 'slow down')]).fn);
      expect(notices).toEqual([expect.objectContaining({ delayMs: 500, failure: expect.objectContaining({ kind: 'throttled', code }) })]);
    }
  });

  it('treats dropped connections as transient, also when the SDK wraps the error', async () => {
    const wrapped = new Error('AWS SDK error wrapper for TimeoutError: read ECONNRESET');
    const plain = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const { ctx } = context();
    await expect(callAws(ctx, call, scripted([wrapped, plain]).fn)).resolves.toBe('ok');
    expect(classifyAwsError(wrapped)).toMatchObject({ kind: 'transient', code: 'ECONNRESET' });
  });

  it('fails at once on a refusal (4xx), naming the call and AWS\'s answer', async () => {
    const { ctx } = context();
    const s = scripted([awsError('InvalidTarget', 400, 'The specified target does not exist, is not in the same VPC as the target group, or has an unsupported instance type.')]);
    const err = await callAws(ctx, call, s.fn).catch((e) => e);
    expect(s.attempts()).toBe(1);
    expect(err).toBeInstanceOf(AwsCallError);
    expect(err.message).toBe(
      'ELBv2 DeregisterTargets (target group api-staging) failed: 400 InvalidTarget: The specified target does not exist, is not in the same VPC as the target group, or has an unsupported instance type.',
    );
    expect(err).toMatchObject({ service: 'ELBv2', operation: 'DeregisterTargets', attempts: 1, code: 'InvalidTarget', status: 400, kind: 'rejected' });
  });

  it('gives up when the attempts run out, with the count in the message', async () => {
    const { ctx } = context(new FakeClock(), { maxAttempts: 6 });
    const err = await callAws(ctx, call, scripted(Array.from({ length: 10 }, internal)).fn).catch((e) => e);
    expect(err.message).toBe('ELBv2 DeregisterTargets (target group api-staging) failed after 6 attempts: 500 InternalError: We encountered an internal error. Please try again.');
    expect(err.kind).toBe('transient');
    expect(err.hint).toMatch(/retry window/);
  });

  it('abandons an attempt that gets no answer and tries again', async () => {
    const { ctx } = context(new FakeClock(), { attemptTimeoutMs: 50 });
    let n = 0;
    const result = await callAws(ctx, call, (signal) => {
      n++;
      if (n > 1) return Promise.resolve('answered');
      return new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));
    });
    expect(result).toBe('answered');
    expect(n).toBe(2);
  });

  it('never waits past its budget, whatever the failures and the jitter (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom('throttle', 'internal', 'reset'), { minLength: 1, maxLength: 60 }),
        fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
        fc.integer({ min: 1_000, max: 120_000 }),
        async (kinds, r, budgetMs) => {
          const clock = new FakeClock();
          const errors = kinds.map((k) => (k === 'throttle' ? awsError('Throttling', 400, 'Rate exceeded') : k === 'internal' ? internal() : Object.assign(new Error('x'), { code: 'ECONNRESET' })));
          const ctx: AwsCallContext = { policy: { ...DEFAULT_RETRY_POLICY, budgetMs }, clock, random: () => r };
          const t0 = clock.now();
          const outcome = await callAws(ctx, call, scripted(errors).fn).catch((e: AwsCallError) => e);
          expect(clock.now() - t0).toBeLessThan(budgetMs);
          if (outcome !== 'ok') expect((outcome as AwsCallError).attempts).toBeLessThanOrEqual(DEFAULT_RETRY_POLICY.maxAttempts);
        },
      ),
      { numRuns: 200 },
    );
    // 200 runs on a fake clock are CPU work only: seconds on a shared 2-core machine, not Jest's 5 s default.
  }, 60_000);
});
