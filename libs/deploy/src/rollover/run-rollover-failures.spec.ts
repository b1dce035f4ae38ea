import { InterruptedError } from '../log/errors';
import { runRollover } from './run-rollover';
import { TEST_CONFIG, harness, settings } from '../../testing/rollover-harness';

const ENV = 'production';

/** The old fleet was never deregistered, terminated or retagged. */
function expectOldUntouched(h: ReturnType<typeof harness>) {
  const touchesOld = (args: unknown[]) => h.oldIds.some((id) => JSON.stringify(args).includes(id));
  expect(h.compute.mutatingCalls().filter((c) => touchesOld(c.args))).toEqual([]);
  expect(h.lb.mutatingCalls().filter((c) => touchesOld(c.args))).toEqual([]);
  expect(h.lb.registeredIds()).toEqual(h.oldIds);
  for (const id of h.oldIds) expect(h.compute.instances.get(id)?.state).toBe('running');
}

describe('runRollover: every failure leaves the old fleet serving', () => {
  it('new instance never healthy → rolled back, old untouched, console tail printed', async () => {
    const h = harness(2);
    h.compute.scriptNextLaunches(
      { neverHealthy: true, consoleOutput: 'step 1/6 download ok\nstep 4/6 migrate\nerror: relation "users" does not exist\n' },
      { neverHealthy: true },
    );
    const out = await runRollover(TEST_CONFIG, settings({ healthTimeoutMs: 5 * 60_000 }), h.deps);

    expect(out.success).toBe(false);
    expect(out.rolledBack).toBe(true);
    expect(out.error?.message).toMatch(/Timed out after 5 min 0 s waiting for 2 new target\(s\) to become healthy/);
    expect(h.logger.text).toContain('Target.ResponseCodeMismatch');
    expect(h.logger.text).toContain('  | error: relation "users" does not exist');
    for (const id of out.newIds) expect(h.compute.instances.get(id)?.state).toBe('terminated');
    expect(h.lb.calls.some((c) => c.method === 'deregister' && JSON.stringify(c.args).includes(out.newIds[0]))).toBe(true);
    expectOldUntouched(h);
    expect(h.lb.endViolations(ENV)).toEqual([]);
    expect(h.logger.text).toContain('Summary: rollover FAILED');
  });

  it('health timeout is bounded by --health-timeout', async () => {
    const h = harness(1);
    h.compute.scriptNextLaunches({ healthyAfterMs: 20 * 60_000 });
    const t0 = h.clock.now();
    const out = await runRollover(TEST_CONFIG, settings({ healthTimeoutMs: 3 * 60_000 }), h.deps);
    expect(out.success).toBe(false);
    expect(out.error?.name).toBe('WaitTimeoutError');
    // boot (30 s) + status checks (60 s) + polls + 3 min health + roll-back: well under the 20 min the app needed.
    expect(h.clock.now() - t0).toBeLessThan(8 * 60_000);
    expectOldUntouched(h);
    expect(h.lb.endViolations(ENV)).toEqual([]);
  });

  it('instance terminated by AWS while pending → fails at once with the reason, rolled back', async () => {
    const h = harness(1);
    h.compute.scriptNextLaunches({ bootMs: 120_000, terminatedByAwsAfterMs: 20_000, terminatedReason: 'Server.InsufficientInstanceCapacity: Insufficient capacity.' });
    const out = await runRollover(TEST_CONFIG, settings(), h.deps);
    expect(out.success).toBe(false);
    expect(out.error?.message).toMatch(/is terminated: Server.InsufficientInstanceCapacity/);
    expect(h.clock.now()).toBeLessThan(Date.UTC(2026, 0, 1) + 5 * 60_000);
    expectOldUntouched(h);
    expect(h.lb.endViolations(ENV)).toEqual([]);
  });

  it('status checks impaired → rolled back', async () => {
    const h = harness(1);
    h.compute.scriptNextLaunches({ impaired: true });
    const out = await runRollover(TEST_CONFIG, settings(), h.deps);
    expect(out.error?.message).toMatch(/failed its status checks \(system impaired, instance impaired\)/);
    expectOldUntouched(h);
    expect(h.lb.endViolations(ENV)).toEqual([]);
  });

  it('throttling errors are retried; the launch is not duplicated', async () => {
    const h = harness(1);
    h.compute.throttle('launch', 2);
    h.compute.throttle('describeInstances', 3);
    h.lb.throttle('register', 2);
    h.lb.throttle('targetHealth', 1);
    const out = await runRollover(TEST_CONFIG, settings(), h.deps);
    expect(out.success).toBe(true);
    expect(h.logger.text).toMatch(/launch instances: AWS is throttling requests \(RequestLimitExceeded: Request limit exceeded.\); retrying in 125 ms/);
    expect(h.logger.text).toMatch(/register i-\d+: Throttling: Rate exceeded; reading the state back/);
    expect(h.compute.calls.filter((c) => c.method === 'launch')).toHaveLength(3);
    expect(new Set(h.compute.calls.filter((c) => c.method === 'launch').map((c) => (c.args[0] as { clientToken: string }).clientToken)).size).toBe(1);
    expect([...h.compute.instances.values()].filter((i) => i.tags['release'] === out.release.gitSha)).toHaveLength(1);
    expect(h.lb.endViolations(ENV)).toEqual([]);
  });

  it('interrupted (SIGINT) mid health wait → stops waiting, rolls back, old untouched', async () => {
    const h = harness(2);
    h.compute.scriptNextLaunches({ healthyAfterMs: 10 * 60_000 }, { healthyAfterMs: 10 * 60_000 });
    const ac = new AbortController();
    const t0 = h.clock.now();
    h.clock.onAdvance((now) => {
      if (now - t0 > 3 * 60_000 && !ac.signal.aborted) ac.abort(new InterruptedError('SIGINT'));
    });
    const out = await runRollover(TEST_CONFIG, settings(), { ...h.deps, signal: ac.signal });
    expect(out.success).toBe(false);
    expect(out.error?.message).toBe('Interrupted by SIGINT');
    expect(out.rolledBack).toBe(true);
    expect(h.clock.now() - t0).toBeLessThan(6 * 60_000);
    for (const id of out.newIds) expect(h.compute.instances.get(id)?.state).toBe('terminated');
    expectOldUntouched(h);
    expect(h.lb.endViolations(ENV)).toEqual([]);
  });

  it('fleet of 3 where one never gets healthy → all new rolled back, no old drained', async () => {
    const h = harness(3);
    h.compute.scriptNextLaunches({}, { neverHealthy: true }, {});
    const out = await runRollover(TEST_CONFIG, settings({ count: 3, healthTimeoutMs: 4 * 60_000 }), h.deps);
    expect(out.success).toBe(false);
    expect(out.newIds).toHaveLength(3);
    for (const id of out.newIds) expect(h.compute.instances.get(id)?.state).toBe('terminated');
    expectOldUntouched(h);
    expect(h.lb.endViolations(ENV)).toEqual([]);
  });

  it('--keep-failed leaves the failed instance running, deregistered and out of the environment', async () => {
    const h = harness(1);
    h.compute.scriptNextLaunches({ neverHealthy: true });
    const out = await runRollover(TEST_CONFIG, settings({ keepFailed: true, healthTimeoutMs: 2 * 60_000 }), h.deps);
    const kept = h.compute.instances.get(out.newIds[0]);
    expect(kept?.state).toBe('running');
    expect(kept?.tags['environment']).toBe('production-failed');
    expect(kept?.tags['rollover-in-progress']).toBeUndefined();
    expect(h.lb.registeredIds()).toEqual(h.oldIds);
    expect(h.logger.text).toContain('aws ec2 terminate-instances --region us-east-1 --instance-ids');
    expect(h.lb.endViolations(ENV)).toEqual([]);
  });
});
