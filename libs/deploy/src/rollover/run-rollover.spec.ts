import { runRollover } from './run-rollover';
import { userDataSize } from '../startup/user-data';
import { highEntropyBytes } from '../../testing/presigned-url';
import { NEW_RELEASE, OLD_RELEASE, OLDER_RELEASE, TEST_CONFIG, harness, settings } from '../../testing/rollover-harness';

const ENV = 'production';

describe('runRollover: successful rollovers', () => {
  it.each([0, 1, 3])('replaces a fleet of %i old instance(s) without a gap in service', async (oldCount) => {
    const h = harness(oldCount);
    const out = await runRollover(TEST_CONFIG, settings(), h.deps);

    expect(out.success).toBe(true);
    const expected = Math.max(1, oldCount);
    expect(out.newIds).toHaveLength(expected);
    expect(h.lb.registeredIds().sort()).toEqual([...out.newIds].sort());
    expect(h.compute.live().map((i) => i.id).sort()).toEqual([...out.newIds].sort());
    expect(out.terminatedIds.sort()).toEqual(h.oldIds.sort());
    expect(h.lb.endViolations(ENV)).toEqual([]);
    if (oldCount > 0) expect(h.lb.lowestHealthyCount).toBeGreaterThanOrEqual(1);
    // One launch call for the whole fleet, with the idempotency token.
    const launches = h.compute.calls.filter((c) => c.method === 'launch');
    expect(launches).toHaveLength(1);
    expect(launches[0].args[0]).toMatchObject({ count: expected, clientToken: 'rollover-test-1', imageId: TEST_CONFIG.ami, instanceType: 't3.small' });
    // Marker cleared, release recorded (and the release it replaced, for api:rollback).
    const tags = h.compute.instances.get(out.newIds[0])?.tags ?? {};
    expect(tags['rollover-in-progress']).toBeUndefined();
    expect(tags).toMatchObject({ environment: ENV, release: NEW_RELEASE.gitSha, 'artifact-sha256': NEW_RELEASE.artifactSha256 });
    expect(tags['previous-release']).toBe(oldCount > 0 ? OLD_RELEASE.gitSha : undefined);
    expect(h.logger.text).toContain('Summary: rollover complete');
  });

  it('deregisters old targets, waits for draining, then terminates them', async () => {
    const h = harness(1);
    await runRollover(TEST_CONFIG, settings(), h.deps);
    const dereg = h.lb.calls.find((c) => c.method === 'deregister' && JSON.stringify(c.args).includes('i-old0'));
    const term = h.compute.calls.find((c) => c.method === 'terminate' && JSON.stringify(c.args).includes('i-old0'));
    expect(dereg).toBeDefined();
    expect(term).toBeDefined();
    // The deregistration delay is 60 s in the harness: termination waits for it.
    expect((term?.at ?? 0) - (dereg?.at ?? 0)).toBeGreaterThanOrEqual(60_000);
    expect(dereg?.args[1]).toEqual([{ id: 'i-old0', port: 8080 }]);
  });

  it('fleet of 3: no old instance is deregistered before all new ones are healthy', async () => {
    const h = harness(3);
    h.compute.scriptNextLaunches({ healthyAfterMs: 30_000 }, { healthyAfterMs: 200_000 }, { healthyAfterMs: 90_000 });
    const healthAtDeregister: string[][] = [];
    const original = h.lb.deregister.bind(h.lb);
    h.lb.deregister = async (tg, targets) => {
      const fresh = h.compute.live().filter((i) => i.tags['release'] === NEW_RELEASE.gitSha);
      const health = await h.lb.targetHealth(tg, fresh.map((i) => ({ id: i.id, port: 8080 })));
      healthAtDeregister.push(health.map((x) => x.state));
      return original(tg, targets);
    };

    const out = await runRollover(TEST_CONFIG, settings({ count: 3 }), h.deps);

    expect(out.success).toBe(true);
    expect(healthAtDeregister).toEqual([['healthy', 'healthy', 'healthy']]);
    expect(h.lb.endViolations(ENV)).toEqual([]);
  });

  it('prints state changes with elapsed time, ELB reason codes and per-phase timings', async () => {
    const h = harness(1);
    await runRollover(TEST_CONFIG, settings(), h.deps);
    expect(h.logger.text).toMatch(/\[\+0:\d\d\] i-\d+: pending/);
    expect(h.logger.text).toMatch(/\[\+\d:\d\d\] i-\d+: running, system ok, instance ok/);
    expect(h.logger.text).toMatch(/initial \(Elb.InitialHealthChecking/);
    expect(h.logger.text).toMatch(/\[\+\d:\d\d\] i-\d+: healthy/);
    expect(h.logger.text).toMatch(/ drain\s+1 min 0 s/);
    expect(h.logger.text).toMatch(/total\s+\d+ min \d+ s/);
  });
});

describe('runRollover: dry run, lock, rollback', () => {
  it('--dry-run prints the plan and makes no mutating call', async () => {
    const h = harness(2);
    const out = await runRollover(TEST_CONFIG, settings({ dryRun: true }), h.deps);
    expect(out).toMatchObject({ success: true, dryRun: true });
    expect(h.compute.mutatingCalls()).toEqual([]);
    expect(h.lb.mutatingCalls()).toEqual([]);
    expect(h.logger.text).toContain('Plan: Backend rollover → production (us-east-1)');
    expect(h.logger.text).toContain('Launch 2 × t3.small from ami-0123456789abcdef0');
    expect(h.logger.text).toContain('Switch: deregister the old fleet');
    expect(h.logger.text).toContain('now: i-old0, i-old1');
    // The exact steps with their arguments, earlier outputs named, and each step's undo.
    expect(h.logger.text).toContain('launch: launch(count=2, imageId=ami-0123456789abcdef0, instanceType=t3.small, subnetId=subnet-0abc, securityGroupIds=[sg-0abc], clientToken=rollover-test-1');
    expect(h.logger.text).toContain('deregister-old: deregister-old(targets ← confirm-lock.oldTargets, keepServing ← launch.targets)');
    expect(h.logger.text).toContain('undo: restore-old(targets ← confirm-lock.oldTargets, timeoutMs=900000 (15 min))');
    expect(h.logger.text).toContain('point of no return');
    expect(h.logger.text).toContain('Dry run: nothing was changed.');
    expect(h.lb.endViolations(ENV)).toEqual([]);
  });

  it('--dry-run shows the user data\'s sizes, plain and gzip-compressed as EC2 counts them, never its bytes', async () => {
    const h = harness(1);
    const script = `#!/bin/bash\n# release ${NEW_RELEASE.gitSha}\n`;
    await runRollover(TEST_CONFIG, settings({ dryRun: true }), h.deps);
    const { scriptBytes, compressedBytes } = userDataSize(script);
    expect(h.logger.text).toContain(`user data ${scriptBytes} bytes of script, ${compressedBytes} bytes gzip-compressed (EC2 limit 16384)`);
    expect(h.logger.text).toContain(`userDataBytes=${scriptBytes}, userDataCompressedBytes=${compressedBytes}`);
    expect(h.logger.text).not.toContain('#!/bin/bash');
  });

  it('refuses user data past 16 KiB compressed before writing settings or launching, naming size and limit', async () => {
    const h = harness(1);
    h.deps.renderUserData = () => `#!/bin/bash\n# ${highEntropyBytes('oversized', 16 * 1024).toString('hex')}\n`;
    await expect(runRollover(TEST_CONFIG, settings(), h.deps)).rejects.toThrow(/startup script is \d+ bytes gzip-compressed \(\d+ bytes plain\); EC2 user data is limited to 16384 bytes/);
    expect(h.compute.mutatingCalls()).toEqual([]);
    expect(h.lb.mutatingCalls()).toEqual([]);
    expect(h.parameters.calls.filter((c) => c.method === 'write')).toEqual([]);
  });

  it('refuses while another rollover is in progress, and says who holds it', async () => {
    const h = harness(1);
    h.compute.seed({
      id: 'i-rival',
      state: 'pending',
      tags: { environment: ENV, 'rollover-in-progress': new Date(h.clock.now() - 120_000).toISOString(), 'rollover-id': 'other', 'rollover-by': 'CircleCI job 77' },
    });
    await expect(runRollover(TEST_CONFIG, settings(), h.deps)).rejects.toThrow(/Another rollover of production is in progress: rollover other by CircleCI job 77.*i-rival/);
    expect(h.compute.mutatingCalls()).toEqual([]);
    expect(h.lb.mutatingCalls()).toEqual([]);
    // The fleet keeps serving; what is left over is the rival's own (its rollover is still running).
    expect(h.lb.violations).toEqual([]);
    expect(h.lb.endViolations(ENV).filter((v) => !v.includes('i-rival'))).toEqual([]);
  });

  it('two rollovers passing the check at once: the later one rolls itself back', async () => {
    const h = harness(1);
    const launch = h.compute.launch.bind(h.compute);
    h.compute.launch = async (spec) => {
      // A rival that started a minute earlier launched while we were checking.
      h.compute.seed({ id: 'i-rival', state: 'pending', tags: { environment: ENV, 'rollover-in-progress': new Date(h.clock.now() - 60_000).toISOString(), 'rollover-id': 'rival', 'rollover-by': 'CircleCI job 76' } });
      return launch(spec);
    };
    const out = await runRollover(TEST_CONFIG, settings(), h.deps);
    expect(out.success).toBe(false);
    expect(out.error?.message).toMatch(/rollover rival by CircleCI job 76/);
    expect(h.compute.instances.get(out.newIds[0])?.state).toBe('terminated');
    expect(h.compute.instances.get('i-rival')?.state).toBe('pending');
    expect(h.lb.registeredIds()).toEqual(h.oldIds);
    expect(h.lb.violations).toEqual([]);
    expect(h.lb.endViolations(ENV).filter((v) => !v.includes('i-rival'))).toEqual([]);
  });

  it('--force proceeds and terminates the other rollover\'s unregistered instances', async () => {
    const h = harness(1);
    h.compute.seed({ id: 'i-rival', tags: { environment: ENV, 'rollover-in-progress': new Date(h.clock.now()).toISOString(), 'rollover-id': 'other' } });
    const out = await runRollover(TEST_CONFIG, settings({ force: true }), h.deps);
    expect(out.success).toBe(true);
    expect(h.compute.instances.get('i-rival')?.state).toBe('terminated');
    expect(h.lb.endViolations(ENV)).toEqual([]);
  });

  it('repairs a rollover whose marker is stale (written before journals had a lease): its instance is removed', async () => {
    const h = harness(1);
    h.compute.seed({ id: 'i-stale', tags: { environment: ENV, 'rollover-in-progress': '2025-12-01T00:00:00.000Z', 'rollover-id': 'crashed' } });
    const out = await runRollover(TEST_CONFIG, settings(), h.deps);
    expect(out.success).toBe(true);
    expect(h.logger.text).toMatch(/found a dead rollover, repaired first: rollover crashed .*its marker is older than/);
    expect(h.compute.instances.get('i-stale')?.state).toBe('terminated');
    expect(h.lb.endViolations(ENV)).toEqual([]);
  });

  it('api:rollback rolls over to the previous release recorded on the serving fleet', async () => {
    const h = harness(2, { previousOfOld: OLDER_RELEASE });
    const out = await runRollover(TEST_CONFIG, settings({ kind: 'rollback', release: undefined }), h.deps);
    expect(out.success).toBe(true);
    expect(out.release).toEqual(OLDER_RELEASE);
    expect(h.rendered).toEqual([OLDER_RELEASE]);
    expect(h.logger.text).toMatch(/database +not rolled back: the previous release runs against the current schema/);
    const tags = h.compute.instances.get(out.newIds[0])?.tags ?? {};
    expect(tags).toMatchObject({ release: OLDER_RELEASE.gitSha, 'previous-release': OLD_RELEASE.gitSha });
    expect(h.lb.endViolations(ENV)).toEqual([]);
  });

  it('api:rollback refuses when no previous release is recorded, before changing anything', async () => {
    const h = harness(1);
    await expect(runRollover(TEST_CONFIG, settings({ kind: 'rollback', release: undefined }), h.deps)).rejects.toThrow(/record no previous release/);
    expect(h.compute.mutatingCalls()).toEqual([]);
    expect(h.lb.endViolations(ENV)).toEqual([]);
  });
});
