import { randomBytes } from 'node:crypto';
import type { DeployEnvironment } from '@eapd/config';
import { protectedReleases, servingNow, type ServingState } from '../history/environment-state';
import { HistoryLog } from '../history/history-log';
import type { DeployKind, HistoryEntry, StepRecord } from '../history/history-record';
import { acquireEnvironmentLock, DEFAULT_LOCK_TIMING, type LockDeps, type LockTiming } from '../lock/environment-lock';
import { DeployError, InterruptedError } from '../log/errors';
import type { DeployLogger } from '../log/logger';
import type { Clock } from '../ports/clock';
import type { ReleasesBucket } from '../releases/releases-store';
import { markRelease, retireReleases } from '../releases/retention';

export interface DeploySessionRequest {
  kind: DeployKind;
  environment: DeployEnvironment;
  /** The release deployed; "" when only the engine knows it yet (api:rollback), set later with `session.release`. */
  release: string;
  /** The command, for whoever finds the lock taken: "deploy:release", "web:deploy", … */
  operation: string;
  /** Whether the release is in the releases bucket (false: a local build or --artifact-url). */
  published: boolean;
  tag?: string;
  who: string;
  where: string;
}

export interface DeploySessionDeps {
  bucket: ReleasesBucket;
  clock: Clock;
  logger: DeployLogger;
  /** SIGINT/SIGTERM. */
  signal?: AbortSignal;
  lockTiming?: LockTiming;
  every?: LockDeps['every'];
}

/** What an operation does its work through while it holds the environment. */
export interface DeploySession {
  /** Aborted on SIGINT/SIGTERM, or when the lock is lost: stop and put things back. */
  signal: AbortSignal;
  /** Runs one step and records its duration and result in the history. */
  step<T>(name: string, run: () => Promise<T>): Promise<T>;
  /** What each part serves now; recorded at the end (after a failure: where it was left). */
  serving: NonNullable<HistoryEntry['serving']>;
  /** Set when the release becomes known after the start (api:rollback). */
  release: string;
  published: boolean;
  /** What each part served when the session started, by the history. */
  before: ServingState;
  /** The environment's history when the session started, newest first. */
  history: HistoryEntry[];
}

/**
 * Every deploy of an environment runs inside one: take the environment lock, append a
 * `started` record, do the work, append a `finished` record (outcome, per-step durations, the
 * error, what each part serves), release the lock. A run killed outright leaves a started
 * record without a finished one ("unfinished" in deploy:history) and a lease that expires.
 */
export async function runDeploySession<T>(request: DeploySessionRequest, deps: DeploySessionDeps, work: (session: DeploySession) => Promise<T>): Promise<T> {
  const { bucket, clock, logger } = deps;
  const history = new HistoryLog(bucket.store, bucket.layout);
  const lock = await acquireEnvironmentLock(
    { environment: request.environment, operation: request.operation, release: request.release || undefined, who: request.who, where: request.where },
    deps.lockTiming ?? DEFAULT_LOCK_TIMING,
    { store: bucket.store, layout: bucket.layout, clock, logger, signal: deps.signal, every: deps.every },
  );
  try {
    const past = await history.read(request.environment);
    const before = servingNow(past);
    const entry: HistoryEntry = {
      schema: 1,
      attempt: `${request.environment}-${randomBytes(6).toString('hex')}`,
      kind: request.kind,
      environment: request.environment,
      release: request.release,
      ...(request.tag ? { tag: request.tag } : {}),
      previous: before,
      who: request.who,
      where: request.where,
      startedAt: new Date(clock.now()).toISOString(),
    };
    const steps: StepRecord[] = [];
    const session: DeploySession = {
      signal: deps.signal ? AbortSignal.any([deps.signal, lock.lost]) : lock.lost,
      serving: {},
      release: request.release,
      published: request.published,
      before,
      history: past,
      step: async (name, run) => {
        const t0 = clock.now();
        try {
          const result = await run();
          steps.push({ name, ms: clock.now() - t0, ok: true });
          return result;
        } catch (err) {
          steps.push({ name, ms: clock.now() - t0, ok: false });
          throw err;
        }
      },
    };
    const finish = (outcome: NonNullable<HistoryEntry['outcome']>, error?: unknown) =>
      history.finished({
        ...entry,
        release: session.release || entry.release,
        finishedAt: new Date(clock.now()).toISOString(),
        outcome,
        steps,
        serving: session.serving,
        ...(error !== undefined ? { error: messageOf(error) } : {}),
      });

    await history.started(entry);
    // Never expired while an environment may serve it (README: "Releases bucket lifecycle").
    if (request.release && request.published) await keep(request.release);
    let result: T;
    try {
      result = await work(session);
    } catch (err) {
      const interrupted = err instanceof InterruptedError || Boolean(deps.signal?.aborted);
      await finish(interrupted ? 'interrupted' : 'failed', err).catch((recordError) =>
        logger.warn(`could not record the outcome in the deploy history: ${messageOf(recordError)}`),
      );
      await retireReleases(bucket, protectedReleases(past), logger);
      throw err;
    }
    await finish('succeeded');
    // Again at the end: a concurrent deploy of another environment may have retired it meanwhile.
    if (session.release && session.published) await keep(session.release);
    await retireReleases(bucket, protectedReleases(past), logger);
    return result;
  } finally {
    await lock.release();
  }

  async function keep(release: string): Promise<void> {
    await markRelease(bucket, release, 'kept').catch((err) =>
      logger.warn(`could not tag release ${release} as kept (s3:PutObjectTagging); the bucket's lifecycle rule might expire it: ${messageOf(err)}`),
    );
  }
}

function messageOf(err: unknown): string {
  if (err instanceof DeployError) return err.message;
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
