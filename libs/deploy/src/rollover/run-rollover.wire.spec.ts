import { startAwsWire, type AwsWire } from '../../testing/aws-wire/aws-wire-server';
import { wireAdapters } from '../../testing/aws-wire/wire-adapters';
import { MemoryLogger } from '../../testing/memory-logger';
import { OLD_RELEASE, TEST_CONFIG, settings } from '../../testing/rollover-harness';
import { systemClock } from '../ports/clock';
import { runRollover } from './run-rollover';
import type { RolloverDeps } from './rollover-types';
import { FakeParameters } from '../../testing/fake-parameters';

/**
 * What held before the wire stand-in existed and must keep holding, proven through the real
 * SDK clients on the wire (a real clock, short scripted durations): a whole rollover rides
 * out an 80 % throttling storm, and a lost RunInstances answer never starts a second fleet.
 */

jest.setTimeout(180_000);

const ENV = 'production';
let wire: AwsWire;
let logger: MemoryLogger;

beforeEach(async () => {
  wire = await startAwsWire({ defaultScript: { bootMs: 300, statusOkAfterMs: 300, healthyAfterMs: 600, initialMs: 300, consoleOutput: 'boot ok\n' } });
  wire.elb.addTargetGroup({ arn: TEST_CONFIG.targetGroupArn, port: TEST_CONFIG.port, deregistrationDelayMs: 1_000 });
  wire.ec2.seed({
    id: 'i-old0',
    tags: { environment: ENV, release: OLD_RELEASE.gitSha, 'artifact-url': OLD_RELEASE.artifactUrl, 'artifact-sha256': OLD_RELEASE.artifactSha256 },
  });
  wire.elb.seedRegistered(TEST_CONFIG.targetGroupArn, ['i-old0']);
  wire.watch(TEST_CONFIG.targetGroupArn).baseline();
  logger = new MemoryLogger();
});
afterEach(() => wire.close());

function deps(): RolloverDeps {
  const { compute, loadBalancer } = wireAdapters(wire.url, { logger });
  return { compute, loadBalancer, parameters: new FakeParameters(), clock: systemClock, logger, renderUserData: (r) => `#!/bin/bash\n# release ${r.gitSha}\n` };
}

// A real clock: every wait short, the soak window (where the engine has one) included.
const fast = (id: string) => Object.assign(settings({ rolloverId: id, pollIntervalMs: 100, bootTimeoutMs: 60_000, healthTimeoutMs: 60_000, drainTimeoutMs: 30_000 }), { soakMs: 1_000 });
const run = (id: string) => runRollover(TEST_CONFIG, fast(id), deps());
const launchedBy = (token: string) => [...wire.ec2.instances.values()].filter((i) => i.clientToken === token);

describe('runRollover through the real SDK on the AWS stand-in', () => {
  it('an 80 % throttling storm on every EC2 and ELBv2 call is absorbed: the rollover completes, service never gaps', async () => {
    wire.faults.clear(2026);
    wire.faults.add({ service: 'EC2', fault: { kind: 'throttle' }, probability: 0.8 });
    wire.faults.add({ service: 'ELBv2', fault: { kind: 'throttle' }, probability: 0.8 });
    const out = await run('rollover-storm');
    expect(out.success).toBe(true);
    expect(launchedBy('rollover-storm')).toHaveLength(1);
    expect(wire.ec2.instances.get('i-old0')?.state).toBe('terminated');
    const invariants = wire.watch(TEST_CONFIG.targetGroupArn);
    expect(invariants.endViolations(ENV)).toEqual([]);
    expect(invariants.lowestHealthyCount).toBeGreaterThanOrEqual(1);
    const throttled = wire.faults.calls.filter((c) => c.fault === 'throttle').length;
    expect(throttled).toBeGreaterThan(30);
    expect(throttled / wire.faults.calls.length).toBeGreaterThan(0.6);
  });

  it('a lost RunInstances answer is deduplicated by the ClientToken: one new instance, not two', async () => {
    wire.faults.add({ service: 'EC2', operation: 'RunInstances', fault: { kind: 'lost-response' }, times: 2 });
    const out = await run('rollover-lost-launch');
    expect(out.success).toBe(true);
    expect(wire.faults.callsOf('RunInstances').map((c) => c.fault ?? 'ok')).toEqual(['lost-response', 'lost-response', 'ok']);
    expect(launchedBy('rollover-lost-launch')).toHaveLength(1);
    expect(wire.ec2.live().map((i) => i.id)).toEqual(out.newIds);
    expect(wire.watch(TEST_CONFIG.targetGroupArn).endViolations(ENV)).toEqual([]);
  });
});
