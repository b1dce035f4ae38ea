import { S3ObjectStore } from '../aws/s3-object-store';
import { ReleasesLayout } from '../releases/layout';
import { FakeClock } from '../../testing/fake-clock';
import { MemoryLogger } from '../../testing/memory-logger';
import { startS3rver, type S3rverHarness } from '../../testing/s3rver-harness';
import { acquireEnvironmentLock, describeLockState, inspectLock, LockHeldError, type LockDeps, type LockRequest } from './environment-lock';

jest.setTimeout(60_000);

describe('environment lock against s3rver', () => {
  let s3: S3rverHarness;
  const layout = new ReleasesLayout('');
  const clock = new FakeClock(Date.UTC(2026, 2, 1, 12));
  const timing = { leaseMs: 180_000, waitMs: 0, pollMs: 10_000 };
  const request = (who: string): LockRequest => ({ environment: 'staging', operation: 'deploy:release', release: 'a'.repeat(40), who, where: `${who}-host` });
  /** Renewals only when the test says so. */
  const manual = () => {
    const renewals: Array<() => Promise<void>> = [];
    return { renewals, every: (_ms: number, renew: () => Promise<void>) => (renewals.push(renew), () => undefined) };
  };
  let deps: (logger?: MemoryLogger) => LockDeps;

  beforeAll(async () => {
    s3 = await startS3rver('releases');
    const store = new S3ObjectStore({ bucket: s3.bucket, region: 'us-east-1', client: s3.client });
    deps = (logger = new MemoryLogger()) => ({ store, layout, clock, logger, every: manual().every });
  });
  afterAll(() => s3.close());

  it('of many deploys starting at once exactly one gets the lock; the others are told who holds it', async () => {
    const results = await Promise.allSettled(['ci', 'alice', 'bob', 'carol', 'dave', 'erin'].map((who) => acquireEnvironmentLock(request(who), timing, deps())));
    const held = results.filter((r) => r.status === 'fulfilled');
    expect(held).toHaveLength(1);
    const holder = (held[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof acquireEnvironmentLock>>>).value;
    for (const r of results) {
      if (r.status === 'rejected') {
        expect(r.reason).toBeInstanceOf(LockHeldError);
        expect(r.reason.message).toContain(`staging is locked by ${holder.record.who} (deploy:release of aaaaaaaaaaaa, ${holder.record.who}-host)`);
        expect(r.reason.hint).toContain('frees itself when its lease expires');
      }
    }
    await holder.release();
    expect(await inspectLock('staging', deps())).toEqual({ state: 'free' });
  });

  it('is visible to a dry run: who holds it and until when', async () => {
    const held = await acquireEnvironmentLock(request('alice'), timing, deps());
    const state = await inspectLock('staging', deps());
    expect(describeLockState(state, clock.now())).toBe(
      'held by alice (deploy:release of aaaaaaaaaaaa, alice-host) since 2026-03-01T12:00:00.000Z, lease at 2026-03-01T12:03:00.000Z, in 3 min 0 s unless renewed',
    );
    await held.release();
  });

  it('a crashed holder blocks only until its lease expires: the next deploy waits, takes over, and the old holder learns it lost the lock', async () => {
    const crashed = manual();
    const first = await acquireEnvironmentLock(request('crashed-ci'), timing, { ...deps(), every: crashed.every });
    const logger = new MemoryLogger();
    const second = await acquireEnvironmentLock(request('alice'), { ...timing, waitMs: 15 * 60_000 }, deps(logger));
    expect(second.record.who).toBe('alice');
    expect(Date.parse(second.record.acquiredAt) - Date.parse(first.record.acquiredAt)).toBeGreaterThanOrEqual(timing.leaseMs);
    expect(logger.text).toContain('waiting for the staging lock');
    expect(logger.text).toContain('took over the staging lock from crashed-ci');
    // The crashed run comes back to life and tries to renew: it is told it lost the lock.
    await crashed.renewals[0]();
    expect(first.lost.aborted).toBe(true);
    expect(String(first.lost.reason)).toContain('another run took it over');
    // Its release leaves the new holder's lock alone.
    await first.release();
    expect((await inspectLock('staging', deps())).state).toBe('held');
    await second.release();
  });

  it('a live holder renews its lease and keeps the lock for as long as it runs', async () => {
    const live = manual();
    const logger = new MemoryLogger();
    const held = await acquireEnvironmentLock(request('ci'), timing, { ...deps(logger), every: live.every });
    // Ten minutes, far past one lease: renewed every minute, it never looks stale.
    for (let i = 0; i < 10; i++) {
      clock.advance(60_000);
      await live.renewals[0]();
      // What the holder logged (a failed renewal) and whether it thinks it lost the lock, should this fail.
      expect({ step: i, state: (await inspectLock('staging', deps())).state, lost: String(held.lost.reason ?? ''), log: logger.text }).toEqual({ step: i, state: 'held', lost: '', log: '' });
    }
    await expect(acquireEnvironmentLock(request('alice'), timing, deps())).rejects.toBeInstanceOf(LockHeldError);
    expect(held.lost.aborted).toBe(false);
    await held.release();
  });

  it('a renewal whose answer was lost and that the SDK retried (412 from its own first attempt) keeps the lock', async () => {
    const live = manual();
    const logger = new MemoryLogger();
    const base = deps(logger);
    let lostAnswers = 0;
    // The first attempt is applied, its answer lost; the retry with the same If-Match is the
    // one that answers, 412, as a retried PutObject does in S3.
    const store = {
      ...base.store,
      read: (k: string) => base.store.read(k),
      deleteMany: (keys: string[]) => base.store.deleteMany(keys),
      write: async (request: Parameters<typeof base.store.write>[0]) => {
        if (request.ifMatch && lostAnswers < 3) {
          lostAnswers++;
          await base.store.write(request);
        }
        return base.store.write(request);
      },
    } as LockDeps['store'];
    const held = await acquireEnvironmentLock(request('ci'), timing, { ...base, store, every: live.every });
    for (let i = 0; i < 6; i++) {
      clock.advance(60_000);
      await live.renewals[0]();
      expect(held.lost.aborted).toBe(false);
      expect((await inspectLock('staging', deps())).state).toBe('held');
    }
    expect(lostAnswers).toBe(3);
    expect(Date.parse(held.record.expiresAt)).toBe(clock.now() + timing.leaseMs);
    await held.release();
    expect(await inspectLock('staging', deps())).toEqual({ state: 'free' });
  });

  it('a renewal that finds another run\'s lock (412, a different id) reports the lock lost', async () => {
    const live = manual();
    const held = await acquireEnvironmentLock(request('ci'), timing, { ...deps(), every: live.every });
    const stored = await deps().store.read(layout.lock('staging'));
    const rival = { ...JSON.parse(stored!.body.toString('utf8')), id: 'rival', who: 'alice' };
    await deps().store.write({ key: layout.lock('staging'), body: JSON.stringify(rival), contentType: 'application/json' });
    await live.renewals[0]();
    expect(held.lost.aborted).toBe(true);
    expect(String(held.lost.reason)).toContain('another run took it over');
    await held.release();
    expect((await inspectLock('staging', deps())).state).toBe('held');
    await deps().store.deleteMany([layout.lock('staging')]);
  });

  it('an unreadable lock file does not block forever: it is taken over like an expired one', async () => {
    await deps().store.write({ key: layout.lock('production'), body: 'garbage', contentType: 'application/json' });
    const held = await acquireEnvironmentLock({ ...request('ci'), environment: 'production' }, timing, deps());
    expect(held.record.environment).toBe('production');
    await held.release();
  });
});
