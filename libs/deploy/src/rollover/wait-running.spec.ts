import type { StatusChecks } from '../ports/compute';
import { waitUntilRunning } from './wait-running';
import { harness, testRun } from '../../testing/rollover-harness';

/** Seed defect 2: the seed's script compared strings arithmetically and ignored the INSTANCE check. */
describe('waitUntilRunning gates on both status checks', () => {
  function withChecks(checks: (elapsedMs: number) => StatusChecks) {
    const h = harness(0);
    const t0 = h.clock.now();
    const id = h.compute.seed({ id: 'i-new', tags: {} }).id;
    h.compute.statusChecks = async (ids) => Object.fromEntries(ids.map((i) => [i, checks(h.clock.now() - t0)]));
    return { h, id, t0 };
  }

  it('keeps waiting while the system check is ok but the instance check is still initializing', async () => {
    const { h, id, t0 } = withChecks((ms) => ({ system: 'ok', instance: ms >= 120_000 ? 'ok' : 'initializing' }));
    await waitUntilRunning(testRun(h), [id], 10 * 60_000);
    expect(h.clock.now() - t0).toBeGreaterThanOrEqual(120_000);
    expect(h.logger.text).toContain('i-new: running, system ok, instance initializing');
    expect(h.logger.text).toContain('i-new: running, system ok, instance ok');
  });

  it('fails when only the instance check is impaired', async () => {
    const { h, id } = withChecks(() => ({ system: 'ok', instance: 'impaired' }));
    await expect(waitUntilRunning(testRun(h), [id], 10 * 60_000)).rejects.toThrow(/i-new failed its status checks \(system ok, instance impaired\)/);
  });

  it('is bounded: an instance check that never passes times out (no endless loop, seed defect 3)', async () => {
    const { h, id, t0 } = withChecks(() => ({ system: 'ok', instance: 'initializing' }));
    await expect(waitUntilRunning(testRun(h), [id], 5 * 60_000)).rejects.toThrow(/Timed out after 5 min 0 s waiting for 1 instance\(s\) to run and pass status checks/);
    expect(h.clock.now() - t0).toBe(5 * 60_000);
  });
});
