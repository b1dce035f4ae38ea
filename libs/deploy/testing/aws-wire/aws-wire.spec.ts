import fc from 'fast-check';
import { AwsCallError } from '../../src/ports/aws-call-error';
import type { LaunchSpec } from '../../src/ports/compute';
import { MemoryLogger } from '../memory-logger';
import { startAwsWire, type AwsWire } from './aws-wire-server';
import { wireAdapters, wireEnv } from './wire-adapters';
import { createEc2Compute } from '../../src/aws/ec2-compute';
import { createElbLoadBalancer } from '../../src/aws/elb-load-balancer';

const TG = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/api-staging/0123456789abcdef';
const OTHER_TG = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/api-production/fedcba9876543210';
const spec = (token: string, count = 1): LaunchSpec => ({
  imageId: 'ami-0123456789abcdef0',
  instanceType: 't3.small',
  subnetId: 'subnet-0abc',
  securityGroupIds: ['sg-0abc'],
  userData: '#!/bin/bash\necho hi\n', instanceProfile: { name: 'eapd-test' },
  tags: { environment: 'staging', release: 'b'.repeat(40) },
  clientToken: token,
  count,
});

jest.setTimeout(60_000);

let wire: AwsWire;
let logger: MemoryLogger;
let aws: ReturnType<typeof wireAdapters>;

beforeEach(async () => {
  wire = await startAwsWire({ defaultScript: { bootMs: 30_000, statusOkAfterMs: 60_000, healthyAfterMs: 45_000, initialMs: 30_000 } });
  wire.elb.addTargetGroup({ arn: TG, port: 8080, deregistrationDelayMs: 300_000 });
  wire.ec2.seed({ id: 'i-old0', tags: { environment: 'staging' } });
  wire.elb.seedRegistered(TG, ['i-old0']);
  logger = new MemoryLogger();
  aws = wireAdapters(wire.url, { logger });
});
afterEach(() => wire.close());

const calls = (operation: string) => wire.faults.callsOf(operation);

describe('the AWS stand-in through the real SDK clients (the project adapters, AWS_ENDPOINT_URL)', () => {
  it('receives the user data gzip-compressed and keeps the script cloud-init would run', async () => {
    const script = `#!/bin/bash\n${'echo "a line the script repeats" ü\n'.repeat(2_000)}`;
    expect(Buffer.byteLength(script)).toBeGreaterThan(16 * 1024);
    const [fresh] = await aws.compute.launch({ ...spec('token-gzip'), userData: script });
    expect(wire.ec2.instances.get(fresh.id)?.userData).toBe(script);
  });

  it('serves a rollover\'s calls: launch, boot, status checks, register, initial → healthy, deregister → draining → gone', async () => {
    const [fresh] = await aws.compute.launch(spec('token-1'));
    expect(fresh).toMatchObject({ state: 'pending', tags: { environment: 'staging' } });
    expect(await aws.compute.statusChecks([fresh.id])).toEqual({ [fresh.id]: { system: 'initializing', instance: 'initializing' } });
    wire.clock.advance(30_000 + 60_000);
    const [running] = await aws.compute.describeInstances([fresh.id]);
    expect(running.state).toBe('running');
    expect(running.publicDnsName).toBe(`${fresh.id}.compute.example`);
    expect(await aws.compute.statusChecks([fresh.id])).toEqual({ [fresh.id]: { system: 'ok', instance: 'ok' } });

    await aws.loadBalancer.register(TG, [{ id: fresh.id, port: 8080 }]);
    expect(await aws.loadBalancer.targetHealth(TG, [{ id: fresh.id, port: 8080 }])).toEqual([
      { id: fresh.id, port: 8080, state: 'initial', reason: 'Elb.InitialHealthChecking', description: 'Initial health checks in progress' },
    ]);
    wire.clock.advance(45_000);
    expect((await aws.loadBalancer.targetHealth(TG)).map((h) => [h.id, h.state])).toEqual([['i-old0', 'healthy'], [fresh.id, 'healthy']]);

    await aws.loadBalancer.deregister(TG, [{ id: 'i-old0', port: 8080 }]);
    expect((await aws.loadBalancer.targetHealth(TG, [{ id: 'i-old0', port: 8080 }]))[0]).toMatchObject({ state: 'draining', reason: 'Target.DeregistrationInProgress' });
    expect(await aws.loadBalancer.deregistrationDelaySeconds(TG)).toBe(300);
    wire.clock.advance(300_000);
    await aws.loadBalancer.waitUntilDeregistered(TG, [{ id: 'i-old0', port: 8080 }], { timeoutMs: 5_000 });
    await aws.compute.terminate(['i-old0']);
    expect((await aws.compute.findInstances({ tags: { environment: 'staging' } })).map((i) => i.id)).toEqual([fresh.id]);
    expect(wire.watch(TG).violations).toEqual([]);
  });

  it('answers throttling with each service\'s own error (EC2 RequestLimitExceeded 503, ELBv2 Throttling 400) and the adapters ride it out', async () => {
    wire.faults.add({ service: 'EC2', operation: 'DescribeInstances', fault: { kind: 'throttle' }, times: 3 });
    wire.faults.add({ service: 'ELBv2', operation: 'DescribeTargetHealth', fault: { kind: 'throttle' }, times: 3 });
    await expect(aws.compute.findInstances({ tags: { environment: 'staging' } })).resolves.toHaveLength(1);
    await expect(aws.loadBalancer.targetHealth(TG)).resolves.toHaveLength(1);
    expect(calls('DescribeInstances').map((c) => c.fault ?? 'ok')).toEqual(['throttle', 'throttle', 'throttle', 'ok']);
    expect(calls('DescribeTargetHealth').map((c) => c.fault ?? 'ok')).toEqual(['throttle', 'throttle', 'throttle', 'ok']);

    wire.faults.add({ service: 'EC2', operation: 'TerminateInstances', fault: { kind: 'throttle' } });
    const err = await aws.compute.terminate(['i-old0']).catch((e) => e);
    expect(err).toBeInstanceOf(AwsCallError);
    expect(err.message).toMatch(/^EC2 TerminateInstances \(i-old0\) failed after \d+ attempts: 503 RequestLimitExceeded: Request limit exceeded\.$/);
    expect(wire.ec2.instances.get('i-old0')?.state).toBe('running');
  });

  it('a short burst of 500s (0.75 s) on the health read never fails it', async () => {
    // The burst runs 750 ms from when the rule is added; on a loaded machine the first call
    // may arrive a little later, so the answer is measured from the burst's start.
    const burstStart = wire.clock.now();
    wire.faults.add({ operation: 'DescribeTargetHealth', fault: { kind: 'error', status: 500, code: 'InternalError' }, forMs: 750 });
    const health = await aws.loadBalancer.targetHealth(TG);
    expect(health).toEqual([{ id: 'i-old0', port: 8080, state: 'healthy' }]);
    const faulted = calls('DescribeTargetHealth').filter((c) => c.fault === 'error');
    expect(faulted.length).toBeGreaterThanOrEqual(1);
    expect(calls('DescribeTargetHealth').at(-1)!.fault).toBeUndefined();
    expect(calls('DescribeTargetHealth').at(-1)!.at - burstStart).toBeGreaterThanOrEqual(750);
  });

  it('a 500 that lasts names the call, the resource, the attempts and AWS\'s message', async () => {
    wire.faults.add({ operation: 'DeregisterTargets', fault: { kind: 'error', status: 500, code: 'InternalError', message: 'We encountered an internal error.' } });
    const small = wireAdapters(wire.url, { retry: { maxAttempts: 6 } });
    const err = await small.loadBalancer.deregister(TG, [{ id: 'i-old0', port: 8080 }]).catch((e) => e);
    expect(err.message).toBe('ELBv2 DeregisterTargets (target group api-staging) failed after 6 attempts: 500 InternalError: We encountered an internal error.');
    expect(wire.elb.registeredIds(TG)).toEqual(['i-old0']);
  });

  it('a lost RunInstances response is deduplicated by the ClientToken: one instance, not two', async () => {
    wire.faults.add({ operation: 'RunInstances', fault: { kind: 'lost-response' }, times: 2 });
    const launched = await aws.compute.launch(spec('token-lost', 2));
    expect(calls('RunInstances').map((c) => c.fault ?? 'ok')).toEqual(['lost-response', 'lost-response', 'ok']);
    const fresh = [...wire.ec2.instances.values()].filter((i) => i.clientToken === 'token-lost');
    expect(fresh.map((i) => i.id).sort()).toEqual(launched.map((i) => i.id).sort());
    expect(fresh).toHaveLength(2);
  });

  it('lost DeregisterTargets responses (applied, then dropped) are harmless: the target drains once', async () => {
    wire.faults.add({ operation: 'DeregisterTargets', fault: { kind: 'lost-response' }, times: 5 });
    await aws.loadBalancer.deregister(TG, [{ id: 'i-old0', port: 8080 }]);
    expect(calls('DeregisterTargets')).toHaveLength(6);
    const [h] = await aws.loadBalancer.targetHealth(TG, [{ id: 'i-old0', port: 8080 }]);
    expect(h.state).toBe('draining');
    wire.clock.advance(299_000);
    expect((await aws.loadBalancer.targetHealth(TG, [{ id: 'i-old0', port: 8080 }]))[0].state).toBe('draining');
    wire.clock.advance(1_000);
    expect((await aws.loadBalancer.targetHealth(TG, [{ id: 'i-old0', port: 8080 }]))[0]).toMatchObject({ state: 'unused', reason: 'Target.NotRegistered' });
  });

  it('a connection reset comes before the call is applied: reset every time, nothing is launched', async () => {
    wire.faults.add({ operation: 'RunInstances', fault: { kind: 'reset' } });
    const few = wireAdapters(wire.url, { retry: { maxAttempts: 3 } });
    const err = await few.compute.launch(spec('token-reset')).catch((e) => e);
    expect(err.message).toMatch(/^EC2 RunInstances \(1 × t3.small from ami-0123456789abcdef0, token token-reset\) failed after 3 attempts: ECONNRESET: /);
    expect([...wire.ec2.instances.values()].filter((i) => i.clientToken === 'token-reset')).toEqual([]);
    wire.faults.clear();
    wire.faults.add({ operation: 'TerminateInstances', fault: { kind: 'reset' }, times: 1 });
    await aws.compute.terminate(['i-old0']);
    expect(calls('TerminateInstances').map((c) => c.fault ?? 'ok')).toEqual(['reset', 'ok']);
    expect(wire.ec2.instances.get('i-old0')?.state).toBe('terminated');
  });

  it('latency: slow answers arrive late; an answer slower than the attempt limit is abandoned and retried', async () => {
    wire.faults.add({ operation: 'DescribeTargetGroups', fault: { kind: 'latency', ms: 300 }, times: 1 });
    const t0 = Date.now();
    await expect(aws.loadBalancer.targetGroupPort(TG)).resolves.toBe(8080);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(300);
    const impatient = wireAdapters(wire.url, { retry: { attemptTimeoutMs: 200 } });
    wire.faults.add({ operation: 'DescribeTargetGroupAttributes', fault: { kind: 'latency', ms: 1_000 }, times: 1 });
    await expect(impatient.loadBalancer.deregistrationDelaySeconds(TG)).resolves.toBe(300);
    expect(calls('DescribeTargetGroupAttributes')).toHaveLength(2);
  });

  it('faults can be aimed at one resource: another target group is not touched', async () => {
    wire.elb.addTargetGroup({ arn: OTHER_TG, port: 8080 });
    wire.faults.add({ operation: 'DescribeTargetHealth', resource: 'api-production', fault: { kind: 'error', status: 400, code: 'AccessDenied', message: 'no' } });
    await expect(aws.loadBalancer.targetHealth(TG)).resolves.toHaveLength(1);
    await expect(aws.loadBalancer.targetHealth(OTHER_TG)).rejects.toThrow(/ELBv2 DescribeTargetHealth \(target group api-production\) failed: 400 AccessDenied: no/);
  });

  it('scripted health: initial for N s, healthy, then unhealthy N s later; a drain shorter than the delay', async () => {
    wire.ec2.scriptNextLaunches({ bootMs: 0, healthyAfterMs: 10_000, initialMs: 4_000, unhealthyAfterMs: 3_000, drainMs: 2_000 });
    const [fresh] = await aws.compute.launch(spec('token-flaky'));
    wire.clock.advance(1);
    await aws.loadBalancer.register(TG, [{ id: fresh.id, port: 8080 }]);
    const state = async () => (await aws.loadBalancer.targetHealth(TG, [{ id: fresh.id, port: 8080 }]))[0].state;
    expect(await state()).toBe('initial');
    wire.clock.advance(5_000);
    expect(await state()).toBe('unhealthy');
    wire.clock.advance(5_000);
    expect(await state()).toBe('healthy');
    wire.clock.advance(3_000);
    expect(await state()).toBe('unhealthy');
    await aws.loadBalancer.deregister(TG, [{ id: fresh.id, port: 8080 }]);
    expect(await state()).toBe('draining');
    wire.clock.advance(2_000);
    expect(await state()).toBe('unused');
  });

  it('scripted "healthy, then unhealthy N s later" counts from the first answer that reports it healthy: a late poller still sees the healthy phase', async () => {
    wire.ec2.scriptNextLaunches({ bootMs: 0, healthyAfterMs: 1_000, unhealthyAfterMs: 10_000 });
    const [fresh] = await aws.compute.launch(spec('token-late-poller'));
    wire.clock.advance(1);
    await aws.loadBalancer.register(TG, [{ id: fresh.id, port: 8080 }]);
    const state = async () => (await aws.loadBalancer.targetHealth(TG, [{ id: fresh.id, port: 8080 }]))[0].state;
    // Nobody asks for 60 s (a loaded machine): the invariant watch and the control API's
    // state do not count as answers, so the healthy phase has not started yet.
    wire.clock.advance(60_000);
    expect(wire.elb.health(TG).find((h) => h.id === fresh.id)?.state).toBe('healthy');
    expect(await state()).toBe('healthy');
    wire.clock.advance(5_000);
    expect(await state()).toBe('healthy');
    wire.clock.advance(5_000);
    expect(await state()).toBe('unhealthy');
    // Registered again, the target gets a new healthy phase (a restart of the application).
    await aws.loadBalancer.deregister(TG, [{ id: fresh.id, port: 8080 }]);
    wire.clock.advance(300_000);
    await aws.loadBalancer.register(TG, [{ id: fresh.id, port: 8080 }]);
    wire.clock.advance(1_000);
    expect(await state()).toBe('healthy');
  });

  it('scripted "unhealthy N s after another target was deregistered" waits for the switch, however long it comes', async () => {
    wire.ec2.scriptNextLaunches({ bootMs: 0, healthyAfterMs: 1_000, unhealthyAfterOthersDeregisteredMs: 2_000 });
    const [fresh] = await aws.compute.launch(spec('token-after-switch'));
    wire.clock.advance(1);
    await aws.loadBalancer.register(TG, [{ id: fresh.id, port: 8080 }]);
    const state = async () => (await aws.loadBalancer.targetHealth(TG, [{ id: fresh.id, port: 8080 }]))[0].state;
    wire.clock.advance(120_000);
    expect(await state()).toBe('healthy');
    await aws.loadBalancer.deregister(TG, [{ id: 'i-old0', port: 8080 }]);
    wire.clock.advance(1_000);
    expect(await state()).toBe('healthy');
    wire.clock.advance(1_000);
    expect(await state()).toBe('unhealthy');
  });

  it('an 80 % throttling storm on every EC2 and ELBv2 call is absorbed', async () => {
    wire.faults.clear(42);
    wire.faults.add({ service: 'EC2', fault: { kind: 'throttle' }, probability: 0.8 });
    wire.faults.add({ service: 'ELBv2', fault: { kind: 'throttle' }, probability: 0.8 });
    wire.ec2.scriptNextLaunches({ bootMs: 0, statusOkAfterMs: 0, healthyAfterMs: 0 });
    const [fresh] = await aws.compute.launch(spec('token-storm'));
    wire.clock.advance(1);
    await aws.compute.findInstances({ tags: { environment: 'staging' } });
    await aws.compute.statusChecks([fresh.id]);
    await aws.loadBalancer.register(TG, [{ id: fresh.id, port: 8080 }]);
    wire.clock.advance(1);
    expect((await aws.loadBalancer.targetHealth(TG)).filter((h) => h.state === 'healthy')).toHaveLength(2);
    await aws.loadBalancer.deregister(TG, [{ id: 'i-old0', port: 8080 }]);
    wire.clock.advance(300_000);
    await aws.loadBalancer.waitUntilDeregistered(TG, [{ id: 'i-old0', port: 8080 }], { timeoutMs: 20_000 });
    await aws.compute.terminate(['i-old0']);
    const throttled = wire.faults.calls.filter((c) => c.fault === 'throttle').length;
    expect(throttled / wire.faults.calls.length).toBeGreaterThan(0.6);
    expect([...wire.ec2.instances.values()].filter((i) => i.clientToken === 'token-storm')).toHaveLength(1);
    expect(logger.text).toMatch(/retrying in/);
  });

  it('tags of any text survive the round trip through the query protocol and XML (property)', async () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'Z', '0', ' ', '<', '>', '&', '"', "'", '=', '/', '+', '%', 'é', '€', '☃', '\\'), minLength: 1, maxLength: 24 });
    await fc.assert(
      fc.asyncProperty(fc.dictionary(text.filter((k) => !k.startsWith('aws:') && k.trim() === k && k.length > 0), text, { minKeys: 1, maxKeys: 5 }), async (tags) => {
        await aws.compute.tag(['i-old0'], tags);
        const [found] = await aws.compute.describeInstances(['i-old0']);
        for (const [k, v] of Object.entries(tags)) expect(found.tags[k]).toBe(v);
        await aws.compute.untag(['i-old0'], Object.keys(tags));
        expect((await aws.compute.describeInstances(['i-old0']))[0].tags).toEqual({ environment: 'staging' });
      }),
      { numRuns: 25 },
    );
  });

  it('AWS_ENDPOINT_URL_EC2 and AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2 win over AWS_ENDPOINT_URL', async () => {
    const other = await startAwsWire();
    try {
      other.elb.addTargetGroup({ arn: TG, port: 9090 });
      const env = { ...wireEnv('http://127.0.0.1:9'), AWS_ENDPOINT_URL_EC2: wire.url, AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2: other.url };
      expect((await createEc2Compute('us-east-1', env).findInstances({ tags: { environment: 'staging' } })).map((i) => i.id)).toEqual(['i-old0']);
      expect(await createElbLoadBalancer('us-east-1', env).targetGroupPort(TG)).toBe(9090);
      expect(other.faults.calls.map((c) => c.service)).toEqual(['ELBv2']);
    } finally {
      await other.close();
    }
  });
});
