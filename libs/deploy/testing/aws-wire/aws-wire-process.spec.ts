import { spawnAwsWire, type SpawnedAwsWire } from './aws-wire-control';
import { wireAdapters } from './wire-adapters';

const TG = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/api-staging/0123456789abcdef';

jest.setTimeout(90_000);

/** The stand-in as its own process, scripted only through its control API (as a process-level test does). */
describe('the AWS stand-in as a separate process (main.ts + /__control)', () => {
  let wire: SpawnedAwsWire;
  beforeAll(async () => {
    wire = await spawnAwsWire(['--seed', '7']);
  });
  afterAll(() => wire.stop());

  it('is seeded, scripted and faulted over HTTP, and serves the real SDK clients', async () => {
    const { control } = wire;
    await control.addTargetGroup({ arn: TG, port: 8080, deregistrationDelayMs: 30_000 });
    await control.seedInstance({ id: 'i-old0', tags: { environment: 'staging' } });
    await control.registerHealthy(TG, ['i-old0']);
    await control.addFault({ service: 'ELBv2', operation: 'DescribeTargetHealth', fault: { kind: 'error', status: 500 }, times: 2 });
    await control.scriptNextLaunches({ bootMs: 0, healthyAfterMs: 0, unhealthyAfterMs: 5_000 });
    await expect(control.patchScript('i-old0', { bogus: 1 } as never)).rejects.toThrow(/unknown instance script keys: bogus/);

    const aws = wireAdapters(wire.url);
    expect(await aws.loadBalancer.targetHealth(TG)).toEqual([{ id: 'i-old0', port: 8080, state: 'healthy' }]);
    const [fresh] = await aws.compute.launch({
      imageId: 'ami-1', instanceType: 't3.small', subnetId: 'subnet-1', securityGroupIds: [], userData: '', instanceProfile: { name: 'eapd-test' }, tags: { environment: 'staging' }, clientToken: 'tok-1',
    });
    await control.advanceClock(1);
    await aws.loadBalancer.register(TG, [{ id: fresh.id, port: 8080 }]);
    expect((await aws.loadBalancer.targetHealth(TG)).map((h) => h.state)).toEqual(['healthy', 'healthy']);
    await control.advanceClock(5_000);
    expect((await control.state()).targetGroups[0].health.map((h) => [h.id, h.state])).toEqual([['i-old0', 'healthy'], [fresh.id, 'unhealthy']]);

    const calls = await control.calls();
    expect(calls.filter((c) => c.operation === 'DescribeTargetHealth').map((c) => c.fault ?? 'ok')).toEqual(['error', 'error', 'ok', 'ok']);
    expect(await control.faults()).toEqual([expect.objectContaining({ hits: 2, remaining: 0 })]);
    expect(await control.invariants(TG, 'staging')).toEqual({ violations: [], endViolations: [], lowestHealthyCount: 1 });
  });
});
