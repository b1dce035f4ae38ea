import { InterruptedError } from '../log/errors';
import { runRollover } from './run-rollover';
import { TEST_CONFIG, harness, settings } from '../../testing/rollover-harness';

const ENV = 'production';

/** Old targets deregistered (draining) from this moment of virtual time, or undefined. */
function oldDeregisteredAt(h: ReturnType<typeof harness>): number | undefined {
  return h.lb.calls.find((c) => c.method === 'deregister' && h.oldIds.some((id) => JSON.stringify(c.args).includes(id)))?.at;
}

describe('runRollover: after the switch-over (old fleet deregistered, draining)', () => {
  it('SIGINT while draining: the new fleet keeps serving, the old one is terminated, and the output says so', async () => {
    const h = harness(2);
    h.lb.deregistrationDelayMs = 300_000;
    const ac = new AbortController();
    h.clock.onAdvance(() => {
      const at = oldDeregisteredAt(h);
      if (at !== undefined && h.clock.now() - at >= 30_000 && !ac.signal.aborted) ac.abort(new InterruptedError('SIGINT'));
    });

    const out = await runRollover(TEST_CONFIG, settings(), { ...h.deps, signal: ac.signal });

    // Non-zero exit (interrupted), but nothing is rolled back: the new release already served.
    expect(out.success).toBe(false);
    expect(out.error).toBeInstanceOf(InterruptedError);
    expect(out.rolledBack).toBe(false);
    expect(h.lb.registeredIds().sort()).toEqual([...out.newIds].sort());
    for (const id of h.oldIds) expect(h.compute.instances.get(id)?.state).toBe('terminated');
    expect(out.terminatedIds.sort()).toEqual([...h.oldIds].sort());
    // The drain was cut short, not waited out (300 s delay).
    const terminatedAt = h.compute.calls.find((c) => c.method === 'terminate' && JSON.stringify(c.args).includes('i-old0'))?.at ?? 0;
    expect(terminatedAt - (oldDeregisteredAt(h) ?? 0)).toBeLessThan(120_000);
    // The marker is cleared, so the next rollover is not refused.
    for (const id of out.newIds) expect(h.compute.instances.get(id)?.tags['rollover-in-progress']).toBeUndefined();
    expect(h.lb.endViolations(ENV)).toEqual([]);
    expect(h.lb.lowestHealthyCount).toBeGreaterThanOrEqual(1);

    expect(h.logger.text).toContain('interrupted while draining: the new release already serves all traffic');
    expect(h.logger.text).toContain('── Summary: rollover complete, but INTERRUPTED while draining');
    expect(h.logger.text).toMatch(/note +drain cut short by an interrupt: the new release already served all traffic, so the old instances were terminated/);
    expect(h.logger.text).toMatch(/serving now +i-\d+, i-\d+/);
    expect(h.logger.text).not.toContain('Summary: rollover FAILED');
  });

  it('a drain longer than --drain-timeout is cut off: old terminated, rollover succeeds, the summary says the drain timed out', async () => {
    const h = harness(1);
    h.lb.deregistrationDelayMs = 600_000;
    const out = await runRollover(TEST_CONFIG, settings({ drainTimeoutMs: 90_000 }), h.deps);

    expect(out.success).toBe(true);
    const terminatedAt = h.compute.calls.find((c) => c.method === 'terminate' && JSON.stringify(c.args).includes('i-old0'))?.at ?? 0;
    const waited = terminatedAt - (oldDeregisteredAt(h) ?? 0);
    expect(waited).toBeGreaterThanOrEqual(90_000);
    expect(waited).toBeLessThan(600_000);
    expect(h.compute.instances.get('i-old0')?.state).toBe('terminated');
    expect(h.logger.text).toContain('draining did not finish within 1 min 30 s; terminating anyway');
    expect(h.logger.text).toMatch(/note +drain timed out: the old instances were terminated before every in-flight request had finished/);
    expect(h.lb.endViolations(ENV)).toEqual([]);
  });
});
