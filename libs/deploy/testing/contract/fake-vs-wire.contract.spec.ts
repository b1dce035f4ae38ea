import { AwsCallError } from '../../src/ports/aws-call-error';
import type { Instance } from '../../src/ports/compute';
import { CONTRACT_TG as TG, fakeWorld, wireWorld, type ContractWorld } from './contract-world';

jest.setTimeout(60_000);

/**
 * A whole rollover's worth of port calls, run on the fakes and on the wire stand-in; every
 * answer (and every refusal) is written down, and the two transcripts must be identical.
 */
async function transcript(w: ContractWorld): Promise<string[]> {
  const out: string[] = [];
  const note = async (label: string, fn: () => Promise<unknown>) => {
    try {
      out.push(`${label} → ${JSON.stringify(normalise(await fn()))}`);
    } catch (err) {
      out.push(`${label} ✗ ${err instanceof AwsCallError ? `${err.service} ${err.operation} ${err.code}` : (err as Error).name}`);
    }
  };
  const target = (id: string) => ({ id, port: 8080 });
  w.ec2.seed({ id: 'i-old0', tags: { environment: 'staging', release: 'a' } });
  w.ec2.seed({ id: 'i-old1', tags: { environment: 'staging', release: 'a' } });
  w.elb.seedRegistered(TG, ['i-old0', 'i-old1']);
  w.ec2.scriptNextLaunches({ bootMs: 20_000, statusOkAfterMs: 10_000, healthyAfterMs: 20_000 }, { bootMs: 20_000, statusOkAfterMs: 10_000, healthyAfterMs: 20_000, unhealthyAfterMs: 40_000 });
  const spec = { imageId: 'ami-1', instanceType: 't3.small', subnetId: 'subnet-1', securityGroupIds: ['sg-1'], userData: 'x', instanceProfile: { name: 'eapd-test' }, tags: { environment: 'staging', release: 'b' }, clientToken: 'tok', count: 2 };
  let fresh: Instance[] = [];
  await note('launch', async () => (fresh = await w.compute.launch(spec)));
  await note('launch again', () => w.compute.launch(spec));
  const ids = () => fresh.map((i) => i.id);
  await note('find', () => w.compute.findInstances({ tags: { environment: 'staging' } }));
  await note('register pending', () => w.loadBalancer.register(TG, fresh.map((i) => target(i.id))));
  for (const step of [10_000, 10_000, 10_000]) {
    await w.advance(step);
    await note(`+${step} describe`, () => w.compute.describeInstances([...ids(), 'i-unknown']));
    await note(`+${step} status`, () => w.compute.statusChecks(ids()));
  }
  await note('register', () => w.loadBalancer.register(TG, fresh.map((i) => target(i.id))));
  for (const step of [0, 15_000, 10_000, 40_000]) {
    await w.advance(step);
    await note(`+${step} health`, () => w.loadBalancer.targetHealth(TG));
  }
  await note('deregister old', () => w.loadBalancer.deregister(TG, [target('i-old0'), target('i-old1')]));
  await note('health asked', () => w.loadBalancer.targetHealth(TG, [target('i-old0'), target('i-gone')]));
  await w.advance(300_000);
  await note('drained', () => w.loadBalancer.waitUntilDeregistered(TG, [target('i-old0'), target('i-old1')], { timeoutMs: w.shortWaitMs }));
  await note('terminate', () => w.compute.terminate(['i-old0', 'i-old1']));
  await note('terminate again', () => w.compute.terminate(['i-old0']));
  await note('deregister terminated', () => w.loadBalancer.deregister(TG, [target('i-old0')]));
  await note('tag', () => w.compute.tag(ids(), { 'rollover-in-progress': '' }));
  await note('untag', () => w.compute.untag([...ids()], ['rollover-in-progress']));
  await note('untag unknown', () => w.compute.untag(['i-nope'], ['x']));
  await note('live', () => w.compute.findInstances({ tags: { environment: 'staging' } }));
  await note('all states', () => w.compute.findInstances({ tags: { environment: 'staging' }, states: ['pending', 'running', 'terminated'] }));
  return out;
}

/** Drops what legitimately differs (launch times: virtual vs real clock); sorts unordered lists. */
function normalise(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(normalise);
    return items.every((i) => i && typeof i === 'object' && 'id' in (i as object)) ? items.sort((a, b) => String((a as { id: string }).id).localeCompare(String((b as { id: string }).id))) : items;
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).filter(([k]) => k !== 'launchedAt').map(([k, v]) => [k, normalise(v)]));
  }
  return value;
}

describe('fake vs wire', () => {
  it('a rollover\'s calls get the same answers from the in-memory fakes and from the wire stand-in', async () => {
    const fake = await fakeWorld();
    const wire = await wireWorld();
    try {
      const [a, b] = [await transcript(fake), await transcript(wire)];
      expect(b).toEqual(a);
      // The transcript really covers the interesting states.
      for (const state of ['initial', 'healthy', 'unhealthy', 'draining']) expect(a.join('\n')).toContain(`"state":"${state}"`);
      expect(a.join('\n')).toContain('Target.NotRegistered');
      expect(a.join('\n')).toMatch(/deregister terminated ✗ ELBv2 DeregisterTargets InvalidTarget/);
    } finally {
      await fake.close();
      await wire.close();
    }
  });
});
