import { AwsCallError } from '../../src/ports/aws-call-error';
import type { LaunchSpec } from '../../src/ports/compute';
import { WaitTimeoutError } from '../../src/log/errors';
import { CONTRACT_TG as TG, fakeWorld, wireWorld, type ContractWorld } from './contract-world';

/**
 * The port semantics the engine relies on, held by BOTH the in-memory fakes and the wire
 * stand-in through the real adapters. A behaviour that differs between the two fails here.
 */

jest.setTimeout(60_000);

const launchSpec = (clientToken: string, overrides: Partial<LaunchSpec> = {}): LaunchSpec => ({
  imageId: 'ami-0123456789abcdef0',
  instanceType: 't3.small',
  subnetId: 'subnet-0abc',
  securityGroupIds: ['sg-0abc'],
  userData: '#!/bin/bash\n',
  instanceProfile: { name: 'eapd-api-staging' },
  tags: { environment: 'staging', release: 'b'.repeat(40) },
  clientToken,
  ...overrides,
});
const t = (id: string) => ({ id, port: 8080 });
const codeOf = (p: Promise<unknown>) => p.then(() => 'resolved', (e) => (e instanceof AwsCallError ? `${e.service} ${e.operation}: ${e.code}` : `${(e as Error).name}`));

describe.each([
  ['in-memory fakes', fakeWorld],
  ['wire stand-in (real SDK)', wireWorld],
])('port contract: %s', (_name, makeWorld) => {
  let w: ContractWorld;
  beforeEach(async () => {
    w = await makeWorld();
  });
  afterEach(() => w.close());

  describe('Compute', () => {
    it('findInstances: ANDs tags and tag keys, live states by default, explicit states, every page', async () => {
      for (let n = 0; n < 12; n++) w.ec2.seed({ id: `i-a${String(n).padStart(2, '0')}`, tags: { environment: 'staging', role: n % 2 ? 'api' : 'worker' } });
      w.ec2.seed({ id: 'i-prod', tags: { environment: 'production', role: 'api' } });
      w.ec2.seed({ id: 'i-dead', state: 'terminated', tags: { environment: 'staging', role: 'api' } });
      w.ec2.seed({ id: 'i-stopped', state: 'stopped', tags: { environment: 'staging', role: 'api', 'github-pr': '7' } });
      const ids = async (f: Parameters<ContractWorld['compute']['findInstances']>[0]) => (await w.compute.findInstances(f)).map((i) => i.id).sort();
      expect(await ids({ tags: { environment: 'staging' } })).toHaveLength(12);
      expect(await ids({ tags: { environment: 'staging', role: 'api' } })).toEqual(['i-a01', 'i-a03', 'i-a05', 'i-a07', 'i-a09', 'i-a11']);
      expect(await ids({ tags: { environment: 'staging' }, tagKeys: ['github-pr'] })).toEqual([]);
      expect(await ids({ tags: {}, tagKeys: ['github-pr'], states: ['running', 'stopped'] })).toEqual(['i-stopped']);
      expect(await ids({ tags: { environment: 'staging', role: 'api' }, states: ['terminated'] })).toEqual(['i-dead']);
    });

    it('describeInstances: unknown ids are absent, known ones come back in any state', async () => {
      w.ec2.seed({ id: 'i-live', tags: {} });
      w.ec2.seed({ id: 'i-dead', state: 'terminated', tags: {} });
      const found = await w.compute.describeInstances(['i-live', 'i-unknown', 'i-dead']);
      expect(found.map((i) => [i.id, i.state]).sort()).toEqual([['i-dead', 'terminated'], ['i-live', 'running']]);
      expect(await w.compute.describeInstances(['i-unknown'])).toEqual([]);
      expect(await w.compute.describeInstances([])).toEqual([]);
    });

    it('launch: pending with the tags, a public DNS name only once running', async () => {
      const [i] = await w.compute.launch(launchSpec('tok-1'));
      expect(i).toMatchObject({ state: 'pending', imageId: 'ami-0123456789abcdef0', instanceType: 't3.small', tags: { environment: 'staging', release: 'b'.repeat(40) } });
      expect(i.publicDnsName).toBeUndefined();
      await w.advance(30_000);
      const [running] = await w.compute.describeInstances([i.id]);
      expect(running.state).toBe('running');
      expect(running.publicDnsName).toMatch(/\S/);
    });

    it('launch is idempotent by ClientToken; the same token with other parameters is refused', async () => {
      const first = await w.compute.launch(launchSpec('tok-2', { count: 2 }));
      const again = await w.compute.launch(launchSpec('tok-2', { count: 2 }));
      expect(again.map((i) => i.id)).toEqual(first.map((i) => i.id));
      expect((await w.compute.findInstances({ tags: { environment: 'staging' } })).map((i) => i.id).sort()).toEqual(first.map((i) => i.id).sort());
      expect(await codeOf(w.compute.launch(launchSpec('tok-2', { count: 3 })))).toBe('EC2 RunInstances: IdempotentParameterMismatch');
      expect((await w.compute.launch(launchSpec('tok-3')))[0].id).not.toEqual(first[0].id);
    });

    it('statusChecks: initializing, then ok; impaired stays impaired; unknown ids are absent', async () => {
      w.ec2.scriptNextLaunches({}, { impaired: true });
      const [a] = await w.compute.launch(launchSpec('tok-a'));
      const [b] = await w.compute.launch(launchSpec('tok-b'));
      expect(await w.compute.statusChecks([a.id, 'i-unknown'])).toEqual({ [a.id]: { system: 'initializing', instance: 'initializing' } });
      await w.advance(30_000 + 61_000);
      expect(await w.compute.statusChecks([a.id, b.id])).toEqual({
        [a.id]: { system: 'ok', instance: 'ok' },
        [b.id]: { system: 'impaired', instance: 'impaired' },
      });
    });

    it('terminate is idempotent; an unknown id is refused; terminated instances leave findInstances', async () => {
      w.ec2.seed({ id: 'i-1', tags: { environment: 'staging' } });
      await w.compute.terminate(['i-1']);
      await w.compute.terminate(['i-1']);
      expect(await w.compute.findInstances({ tags: { environment: 'staging' } })).toEqual([]);
      expect((await w.compute.describeInstances(['i-1']))[0].state).toBe('terminated');
      expect(await codeOf(w.compute.terminate(['i-1', 'i-nope']))).toBe('EC2 TerminateInstances: InvalidInstanceID.NotFound');
    });

    it('tag and untag are idempotent; untagging a missing key succeeds; an unknown id is refused', async () => {
      w.ec2.seed({ id: 'i-1', tags: { environment: 'staging' } });
      await w.compute.tag(['i-1'], { 'rollover-in-progress': 'x', phase: 'launch' });
      await w.compute.tag(['i-1'], { 'rollover-in-progress': 'x', phase: 'switch' });
      await w.compute.untag(['i-1'], ['phase', 'never-set']);
      await w.compute.untag(['i-1'], ['phase']);
      expect((await w.compute.describeInstances(['i-1']))[0].tags).toEqual({ environment: 'staging', 'rollover-in-progress': 'x' });
      expect(await codeOf(w.compute.tag(['i-nope'], { a: 'b' }))).toBe('EC2 CreateTags: InvalidInstanceID.NotFound');
    });

    it('consoleOutput and subnet facts', async () => {
      w.ec2.seed({ id: 'i-1', tags: {}, script: { consoleOutput: 'step 3/7 failed\n' } });
      expect(await w.compute.consoleOutput('i-1')).toBe('step 3/7 failed\n');
      w.ec2.network.addVpc('vpc-private', { enableDnsHostnames: false });
      w.ec2.network.addSubnet('subnet-private', { vpcId: 'vpc-private', mapPublicIpOnLaunch: false });
      w.ec2.network.removeSubnet('subnet-gone');
      expect(await w.compute.subnetFacts('subnet-private')).toEqual({ id: 'subnet-private', vpcId: 'vpc-private', mapPublicIpOnLaunch: false, vpcDnsHostnames: false, vpcDnsSupport: true });
      expect(await w.compute.subnetFacts('subnet-0abc')).toMatchObject({ mapPublicIpOnLaunch: true, vpcDnsHostnames: true, vpcDnsSupport: true });
      expect(await w.compute.subnetFacts('subnet-gone')).toBeUndefined();
      const [i] = await w.compute.launch(launchSpec('tok-private', { subnetId: 'subnet-private' }));
      await w.advance(30_000);
      expect((await w.compute.describeInstances([i.id]))[0]).toMatchObject({ state: 'running' });
      expect((await w.compute.describeInstances([i.id]))[0].publicDnsName).toBeUndefined();
    });
  });

  describe('LoadBalancer', () => {
    beforeEach(() => {
      w.ec2.seed({ id: 'i-old', tags: { environment: 'staging' } });
      w.elb.seedRegistered(TG, ['i-old']);
    });

    it('targetHealth: registered targets; an unregistered one asked about is unused / Target.NotRegistered', async () => {
      w.ec2.seed({ id: 'i-spare', tags: {} });
      expect(await w.loadBalancer.targetHealth(TG)).toEqual([{ id: 'i-old', port: 8080, state: 'healthy' }]);
      expect(await w.loadBalancer.targetHealth(TG, [t('i-spare'), t('i-old')])).toEqual([
        { id: 'i-spare', port: 8080, state: 'unused', reason: 'Target.NotRegistered', description: 'Target is not registered to the target group' },
        { id: 'i-old', port: 8080, state: 'healthy' },
      ]);
    });

    it('a new target is initial, unhealthy past the initial checks, then healthy; one that never answers stays unhealthy; a terminated one is unused / Target.InvalidState', async () => {
      w.ec2.scriptNextLaunches({ bootMs: 1_000 }, { bootMs: 1_000, neverHealthy: true });
      const [good] = await w.compute.launch(launchSpec('tok-good'));
      const [bad] = await w.compute.launch(launchSpec('tok-bad'));
      await w.advance(1_000);
      await w.loadBalancer.register(TG, [t(good.id), t(bad.id)]);
      const states = async () => (await w.loadBalancer.targetHealth(TG, [t(good.id), t(bad.id)])).map((h) => `${h.state} ${h.reason ?? ''}`.trim());
      expect(await states()).toEqual(['initial Elb.InitialHealthChecking', 'initial Elb.InitialHealthChecking']);
      await w.advance(29_000);
      expect(await states()).toEqual(['initial Elb.InitialHealthChecking', 'initial Elb.InitialHealthChecking']);
      await w.advance(2_000);
      expect(await states()).toEqual(['unhealthy Target.ResponseCodeMismatch', 'unhealthy Target.ResponseCodeMismatch']);
      await w.advance(14_000);
      expect(await states()).toEqual(['healthy', 'unhealthy Target.ResponseCodeMismatch']);
      w.ec2.terminateByAws(bad.id);
      expect(await states()).toEqual(['healthy', 'unused Target.InvalidState']);
    });

    it('register: only running instances; registering a registered target changes nothing', async () => {
      const [pending] = await w.compute.launch(launchSpec('tok-p'));
      expect(await codeOf(w.loadBalancer.register(TG, [t(pending.id)]))).toBe('ELBv2 RegisterTargets: InvalidTarget');
      await w.loadBalancer.register(TG, [t('i-old')]);
      expect(await w.loadBalancer.targetHealth(TG)).toEqual([{ id: 'i-old', port: 8080, state: 'healthy' }]);
    });

    it('deregister: draining for the deregistration delay, then gone; again is harmless; a gone instance is refused', async () => {
      expect(await w.loadBalancer.deregistrationDelaySeconds(TG)).toBe(300);
      expect(await w.loadBalancer.targetGroupPort(TG)).toBe(8080);
      await w.loadBalancer.deregister(TG, [t('i-old')]);
      await w.loadBalancer.deregister(TG, [t('i-old')]);
      expect(await w.loadBalancer.targetHealth(TG)).toEqual([
        { id: 'i-old', port: 8080, state: 'draining', reason: 'Target.DeregistrationInProgress', description: 'Target deregistration is in progress' },
      ]);
      await w.advance(299_000);
      expect((await w.loadBalancer.targetHealth(TG)).map((h) => h.state)).toEqual(['draining']);
      await w.advance(1_000);
      expect(await w.loadBalancer.targetHealth(TG)).toEqual([]);
      expect((await w.loadBalancer.targetHealth(TG, [t('i-old')]))[0]).toMatchObject({ state: 'unused', reason: 'Target.NotRegistered' });
      expect(await codeOf(w.loadBalancer.deregister(TG, [t('i-never-existed')]))).toBe('ELBv2 DeregisterTargets: InvalidTarget');
    });

    it('waitUntilDeregistered: returns once drained (at once when never registered), bounded otherwise', async () => {
      await w.loadBalancer.waitUntilDeregistered(TG, [t('i-never-registered')], { timeoutMs: w.shortWaitMs });
      w.ec2.seed({ id: 'i-quick', tags: {}, script: { drainMs: 5_000 } });
      w.elb.seedRegistered(TG, ['i-quick']);
      await w.loadBalancer.deregister(TG, [t('i-quick'), t('i-old')]);
      const quick = w.loadBalancer.waitUntilDeregistered(TG, [t('i-quick')], { timeoutMs: 600_000 });
      await w.advance(5_000);
      await quick;
      expect(await codeOf(w.loadBalancer.waitUntilDeregistered(TG, [t('i-old')], { timeoutMs: w.shortWaitMs }))).toBe('WaitTimeoutError');
      await expect(w.loadBalancer.waitUntilDeregistered(TG, [t('i-old')], { timeoutMs: w.shortWaitMs })).rejects.toBeInstanceOf(WaitTimeoutError);
    });

    it('an unknown target group is refused by every call', async () => {
      const unknown = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/nope/0000000000000000';
      expect(await codeOf(w.loadBalancer.targetHealth(unknown))).toBe('ELBv2 DescribeTargetHealth: TargetGroupNotFound');
      expect(await codeOf(w.loadBalancer.targetGroupPort(unknown))).toBe('ELBv2 DescribeTargetGroups: TargetGroupNotFound');
      expect(await codeOf(w.loadBalancer.deregistrationDelaySeconds(unknown))).toBe('ELBv2 DescribeTargetGroupAttributes: TargetGroupNotFound');
    });
  });
});
