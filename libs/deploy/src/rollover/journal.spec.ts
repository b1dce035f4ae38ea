import type { Instance } from '../ports/compute';
import { FakeClock } from '../../testing/fake-clock';
import { FakeCompute } from '../../testing/fake-compute';
import { MemoryLogger } from '../../testing/memory-logger';
import { Journal, clearJournal, liveness, readJournals } from './journal';
import { judgeRollovers } from './lock';
import { JOURNAL_KEYS } from './tags';

const NOW = Date.UTC(2026, 0, 1, 12);
const iso = (ms: number) => new Date(ms).toISOString();
const inst = (id: string, tags: Record<string, string>): Instance => ({ id, state: 'running', launchedAt: new Date(NOW), tags });

describe('the rollover journal in tags', () => {
  it('groups instances by rollover, with the latest lease and the old fleet it tagged as retiring', () => {
    const entries = readJournals([
      inst('i-1', { 'rollover-id': 'r1', 'rollover-in-progress': iso(NOW - 60_000), 'rollover-by': 'job 7', 'rollover-phase': 'soak', 'rollover-lease-until': iso(NOW + 10_000) }),
      inst('i-2', { 'rollover-id': 'r1', 'rollover-in-progress': iso(NOW - 60_000), 'rollover-lease-until': iso(NOW + 20_000) }),
      inst('i-old', { 'rollover-retiring': 'r1' }),
      inst('i-other', { environment: 'production' }),
    ]);
    expect(entries).toEqual([
      { rolloverId: 'r1', startedAt: new Date(NOW - 60_000), holder: 'job 7', phase: 'soak', leaseUntil: new Date(NOW + 20_000), instanceIds: ['i-1', 'i-2'], retiringIds: ['i-old'] },
    ]);
  });

  it('a rollover is alive while its lease runs, dead once it ran out or its process is gone from this host', () => {
    const base = { rolloverId: 'r', startedAt: new Date(NOW), holder: 'h', instanceIds: ['i-1'], retiringIds: [] };
    const rules = { now: NOW, legacyTtlMs: 3_600_000 };
    expect(liveness({ ...base, leaseUntil: new Date(NOW + 1) }, rules).alive).toBe(true);
    expect(liveness({ ...base, leaseUntil: new Date(NOW - 1) }, rules)).toEqual({ alive: false, why: `its lease ran out at ${iso(NOW - 1)}` });
    expect(liveness({ ...base, leaseUntil: new Date(NOW + 60_000), process: 'host:42' }, { ...rules, isProcessAlive: () => false })).toEqual({ alive: false, why: 'its process host:42 is gone' });
    // Another host: only the lease can tell.
    expect(liveness({ ...base, leaseUntil: new Date(NOW + 60_000), process: 'elsewhere:42' }, { ...rules, isProcessAlive: () => undefined }).alive).toBe(true);
    // A marker from before leases existed: its age decides.
    expect(liveness({ ...base, startedAt: new Date(NOW - 7_200_000) }, rules).alive).toBe(false);
    expect(liveness({ ...base, startedAt: new Date(NOW - 60_000) }, rules).alive).toBe(true);
    // Nothing left of it but the old fleet it tagged: dead, to be repaired.
    expect(liveness({ ...base, instanceIds: [], retiringIds: ['i-old'], leaseUntil: new Date(NOW + 60_000) }, rules).alive).toBe(false);
  });

  it('our own rollover is neither holder nor repair case', () => {
    const entries = readJournals([inst('i-1', { 'rollover-id': 'mine', 'rollover-lease-until': iso(NOW + 1) })]);
    expect(judgeRollovers(entries, { now: NOW, legacyTtlMs: 1 }, 'mine')).toEqual({ alive: [], dead: [] });
  });

  it('renews the lease at most every third of it, records phases, and clears every tag (lost answers included)', async () => {
    const clock = new FakeClock(NOW);
    const compute = new FakeCompute(clock);
    const logger = new MemoryLogger();
    const deps = { compute, clock, logger, random: () => 0.5 };
    const journal = new Journal(deps, { rolloverId: 'r9', holder: 'me', startedAt: new Date(NOW), leaseMs: 300_000, processId: 'vm:1', callTimeoutMs: 60_000 });
    const [i] = await compute.launch({ imageId: 'ami-1', instanceType: 't3.small', subnetId: 'subnet-1', securityGroupIds: [], userData: '', instanceProfile: { name: 'eapd-test' }, clientToken: 'r9', tags: journal.launchTags() });
    journal.attach([i.id]);
    await journal.record('soak');
    expect(compute.instances.get(i.id)?.tags).toMatchObject({ 'rollover-phase': 'soak', 'rollover-process': 'vm:1', 'rollover-lease-until': iso(NOW + 300_000) });
    const tagsCalls = () => compute.calls.filter((c) => c.method === 'tag').length;
    const before = tagsCalls();
    clock.advance(60_000);
    await journal.keepAlive();
    expect(tagsCalls()).toBe(before);
    clock.advance(50_000);
    await journal.keepAlive();
    expect(tagsCalls()).toBe(before + 1);
    expect(compute.instances.get(i.id)?.tags['rollover-lease-until']).toBe(iso(NOW + 110_000 + 300_000));

    compute.faults.add({ service: 'EC2', operation: 'DeleteTags', fault: { kind: 'lost-response' }, times: 1 });
    const old = compute.seed({ id: 'i-old', tags: { 'rollover-retiring': 'r9' } });
    expect(await clearJournal('r9', [i.id], deps, clock.now() + 60_000)).toEqual([i.id, old.id]);
    for (const id of [i.id, old.id]) expect(Object.keys(compute.instances.get(id)?.tags ?? {}).filter((k) => JOURNAL_KEYS.includes(k))).toEqual([]);
  });
});
