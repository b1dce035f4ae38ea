import { randomBytes } from 'node:crypto';
import type { DeployEnvironment } from '@eapd/config';
import { DeployError, formatDuration } from '../log/errors';
import type { DeployLogger } from '../log/logger';
import type { Clock } from '../ports/clock';
import { PreconditionFailedError, type ObjectStore } from '../ports/object-store';
import type { ReleasesLayout } from '../releases/layout';

/**
 * The environment lock: ONE lock per environment, taken by every deploy of it (deploy:release,
 * deploy:rollback, web:deploy, api:deploy, api:rollback; from CI or by hand). It is a lease,
 * `locks/<env>.json` in the releases bucket, created with If-None-Match (so two deploys can
 * never both take it) and renewed by its holder every third of the lease with If-Match. A
 * holder that crashes or is killed stops renewing; once its lease has expired the next deploy
 * takes the lock over (If-Match on the stale version, so only one can), saying whose it was.
 */
export interface LockRecord {
  schema: 1;
  /** Unique per acquisition: release deletes the lock only while it is still this one. */
  id: string;
  environment: DeployEnvironment;
  operation: string;
  release?: string;
  who: string;
  where: string;
  acquiredAt: string;
  renewedAt: string;
  expiresAt: string;
}

export interface LockRequest {
  environment: DeployEnvironment;
  /** What the holder does, for whoever finds the lock taken: "deploy:release", "web:deploy", … */
  operation: string;
  release?: string;
  who: string;
  where: string;
}

export interface LockTiming {
  /** How long a lock lives without renewal (default 3 min): how long a crashed holder blocks. */
  leaseMs: number;
  /** How long to wait for a held lock before giving up (default 15 min; 0: do not wait). */
  waitMs: number;
  /** How often to look again while waiting (default 10 s). */
  pollMs: number;
}

export const DEFAULT_LOCK_TIMING: LockTiming = { leaseMs: 3 * 60_000, waitMs: 15 * 60_000, pollMs: 10_000 };

export interface LockDeps {
  store: ObjectStore;
  layout: ReleasesLayout;
  clock: Clock;
  logger: DeployLogger;
  signal?: AbortSignal;
  /** Runs `renew` every `ms` until stopped (default: an unref'd setInterval). */
  every?: (ms: number, renew: () => Promise<void>) => () => void;
}

export type LockState =
  | { state: 'free' }
  | { state: 'held' | 'expired'; record: LockRecord; etag: string };

/** A lock this process holds. `lost` aborts if the lease is taken by someone else (renewal failed). */
export interface HeldLock {
  record: LockRecord;
  lost: AbortSignal;
  release(): Promise<void>;
}

export class LockHeldError extends DeployError {
  constructor(readonly record: LockRecord, now: number, waitedMs: number) {
    super(
      `${record.environment} is locked by ${describeHolder(record)}${waitedMs > 0 ? `; gave up after waiting ${formatDuration(waitedMs)}` : ''}. Nothing was changed.`,
      {
        hint: `Wait for that deploy to finish and run again. If its holder is dead, the lock frees itself when its lease expires (${expiresIn(record, now)}); nothing needs deleting.`,
      },
    );
    this.name = 'LockHeldError';
  }
}

export function describeHolder(record: LockRecord): string {
  const what = record.release ? `${record.operation} of ${record.release.slice(0, 12)}` : record.operation;
  return `${record.who} (${what}, ${record.where}) since ${record.acquiredAt}`;
}

function expiresIn(record: LockRecord, now: number): string {
  const ms = Date.parse(record.expiresAt) - now;
  return ms > 0 ? `at ${record.expiresAt}, in ${formatDuration(ms)} unless renewed` : `expired at ${record.expiresAt}`;
}

/** One line for --dry-run and the plan: is the lock free, held (by whom, until when), or stale? */
export function describeLockState(lock: LockState, now: number): string {
  if (lock.state === 'free') return 'free';
  const base = `held by ${describeHolder(lock.record)}, lease ${expiresIn(lock.record, now)}`;
  return lock.state === 'expired' ? `${base}: stale (holder stopped renewing), a run takes it over` : base;
}

/** The lock file's record, or undefined when it is not one (not JSON, or no readable expiry). */
function parseLockRecord(body: Buffer): LockRecord | undefined {
  try {
    const record = JSON.parse(body.toString('utf8')) as LockRecord;
    return Number.isNaN(Date.parse(record.expiresAt)) ? undefined : record;
  } catch {
    return undefined;
  }
}

export async function inspectLock(environment: DeployEnvironment, deps: Pick<LockDeps, 'store' | 'layout' | 'clock'>): Promise<LockState> {
  const object = await deps.store.read(deps.layout.lock(environment));
  if (!object) return { state: 'free' };
  // An unreadable lock must not block forever: treat it as expired (taking it over is still atomic).
  const record = parseLockRecord(object.body) ?? {
    schema: 1, id: 'unreadable', environment, operation: 'unknown', who: 'unknown', where: 'unknown', acquiredAt: '?', renewedAt: '?', expiresAt: new Date(0).toISOString(),
  };
  const expired = Date.parse(record.expiresAt) <= deps.clock.now();
  return { state: expired ? 'expired' : 'held', record, etag: object.etag };
}

/**
 * Takes the environment's lock, waiting (bounded) while another deploy holds it and taking
 * over a lease that expired. Resolves once this process holds the lock.
 */
export async function acquireEnvironmentLock(request: LockRequest, timing: LockTiming, deps: LockDeps): Promise<HeldLock> {
  const { store, layout, clock, logger } = deps;
  const key = layout.lock(request.environment);
  const started = clock.now();
  let lastNotice = -Infinity;
  for (;;) {
    const now = clock.now();
    const record: LockRecord = {
      schema: 1,
      id: randomBytes(8).toString('hex'),
      ...request,
      acquiredAt: new Date(now).toISOString(),
      renewedAt: new Date(now).toISOString(),
      expiresAt: new Date(now + timing.leaseMs).toISOString(),
    };
    const current = await inspectLock(request.environment, deps);
    try {
      if (current.state === 'free') {
        const { etag } = await store.write({ key, body: JSON.stringify(record, null, 2), contentType: 'application/json', ifNoneMatch: true });
        return hold(record, etag, timing, deps);
      }
      if (current.state === 'expired') {
        const { etag } = await store.write({ key, body: JSON.stringify(record, null, 2), contentType: 'application/json', ifMatch: current.etag });
        logger.warn(`took over the ${request.environment} lock from ${describeHolder(current.record)}: its lease expired at ${current.record.expiresAt} (its run crashed or was killed)`);
        return hold(record, etag, timing, deps);
      }
    } catch (err) {
      // Someone else took or renewed it between our read and our write: look again.
      if (err instanceof PreconditionFailedError) continue;
      throw err;
    }
    const waited = now - started;
    if (waited >= timing.waitMs) throw new LockHeldError(current.record, now, waited);
    if (now - lastNotice >= 60_000) {
      logger.info(`waiting for the ${request.environment} lock (${formatDuration(waited)} so far, at most ${formatDuration(timing.waitMs)}): ${describeLockState(current, now)}`);
      lastNotice = now;
    }
    await clock.sleep(Math.min(timing.pollMs, timing.waitMs - waited), deps.signal);
  }
}

function hold(record: LockRecord, acquiredEtag: string, timing: LockTiming, deps: LockDeps): HeldLock {
  const { store, layout, clock, logger } = deps;
  const key = layout.lock(record.environment);
  const lost = new AbortController();
  let etag = acquiredEtag;
  let current = record;
  let renewing = false;
  /**
   * After a 412: false when the stored lock is someone else's (or gone). When it still has this
   * acquisition's id it is ours: its ETag is adopted, and it is renewed again if the lost write
   * had not applied. A read or write failing here is only logged: the next renewal looks again.
   */
  const adoptIfStillOurs = async (wanted: LockRecord): Promise<boolean> => {
    try {
      const seen = await store.read(key);
      const stored = seen && parseLockRecord(seen.body);
      if (!seen || !stored || stored.id !== record.id) return false;
      etag = seen.etag;
      current = stored;
      if (stored.expiresAt !== wanted.expiresAt) {
        etag = (await store.write({ key, body: JSON.stringify(wanted, null, 2), contentType: 'application/json', ifMatch: etag })).etag;
        current = wanted;
      }
    } catch (err) {
      logger.warn(`could not read back the ${record.environment} lock after a conflicting renewal, will retry: ${err instanceof Error ? err.message : String(err)}`);
    }
    return true;
  };
  const renew = async () => {
    if (renewing || lost.signal.aborted) return;
    renewing = true;
    const now = clock.now();
    const next = { ...current, renewedAt: new Date(now).toISOString(), expiresAt: new Date(now + timing.leaseMs).toISOString() };
    try {
      etag = (await store.write({ key, body: JSON.stringify(next, null, 2), contentType: 'application/json', ifMatch: etag })).etag;
      current = next;
    } catch (err) {
      if (err instanceof PreconditionFailedError) {
        // A write whose answer was lost and that the SDK retried gets 412 from its own first
        // attempt: read the lock back. While it carries this acquisition's id it is ours.
        if (!(await adoptIfStillOurs(next))) {
          lost.abort(new DeployError(`Lost the ${record.environment} lock: another run took it over (this run stopped renewing it in time).`));
        }
      } else if (now >= Date.parse(current.expiresAt)) {
        lost.abort(new DeployError(`Lost the ${record.environment} lock: could not renew it before its lease expired (${err instanceof Error ? err.message : String(err)}).`));
      } else {
        logger.warn(`could not renew the ${record.environment} lock, will retry: ${err instanceof Error ? err.message : String(err)}`);
      }
    } finally {
      renewing = false;
    }
  };
  const every =
    deps.every ??
    ((ms: number, fn: () => Promise<void>) => {
      const timer = setInterval(() => void fn(), ms);
      timer.unref();
      return () => clearInterval(timer);
    });
  const stop = every(Math.max(1000, Math.floor(timing.leaseMs / 3)), renew);
  return {
    get record() {
      return current;
    },
    lost: lost.signal,
    release: async () => {
      stop();
      try {
        const seen = await store.read(key);
        // Only our own lock: after a takeover it belongs to someone else.
        if (seen && parseLockRecord(seen.body)?.id === record.id) await store.deleteMany([key]);
      } catch (err) {
        logger.warn(`could not release the ${record.environment} lock (it frees itself at ${current.expiresAt}): ${err instanceof Error ? err.message : String(err)}`);
      }
    },
  };
}
