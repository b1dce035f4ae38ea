import { stat } from 'node:fs/promises';
import pLimit from 'p-limit';
import type { Clock } from '../ports/clock';
import type { DeployLogger } from '../log/logger';
import { DeployError, formatDuration } from '../log/errors';
import { MD5_METADATA_KEY, type ObjectStore } from '../ports/object-store';
import { applyPlan, PlanStepError } from '../plan/apply-plan';
import { formatPlan, type Plan } from '../plan/plan';
import { syncStepHandler, type SyncCounters } from './apply-sync';
import { cacheControlChooser, DEFAULT_CACHE_CONTROL_RULES, type CacheControlRules } from './content-headers';
import { diffSync, keysToInspect, STALE_SINCE_METADATA_KEY } from './diff';
import { formatBytes } from './format';
import { globMatcher } from './glob';
import { assertDeployableBuild } from './guards';
import { HashCache } from './hash-cache';
import { byRelativeKey, hashLocalFiles, scanLocalBuild, type HashReport, type LocalFile } from './local-files';
import { buildSyncPlan, type SyncStep } from './sync-plan';

export interface FrontendSyncOptions {
  /** The build folder. */
  source: string;
  /** "" or "some/prefix/" */
  prefix: string;
  dryRun: boolean;
  /** Delete keys no longer in the build (`--delete`, on by default). */
  deleteStale: boolean;
  exclude: string[];
  concurrency: number;
  /** Keep stale keys this long after they leave the build (e.g. "1h"); delete at once when unset. */
  keepStaleFor?: { text: string; ms: number };
  cacheControl?: CacheControlRules;
  /**
   * Folder for the MD5s of earlier runs (see hash-cache.ts): an unchanged file is not read
   * again. Unset: every file is hashed.
   */
  hashCacheDirectory?: string;
  /** MD5s already known (a published release's manifest), by relative key and size. */
  knownMd5?: ReadonlyMap<string, { md5: string; size: number }>;
  /**
   * Files synced as part of the build without being in its folder (the environment's
   * /config.json beside a local build, which must stay exactly as Nx cached it); one with the
   * key of a build file replaces it.
   */
  extraFiles?: Array<{ relativeKey: string; filePath: string }>;
}

export interface FrontendSyncDeps {
  store: ObjectStore;
  logger: DeployLogger;
  clock: Clock;
}

export interface FrontendSyncResult {
  plan: Plan<SyncStep>;
  dryRun: boolean;
  uploaded: number;
  uploadedBytes: number;
  deleted: number;
  unchanged: number;
  keptStale: number;
  ms: number;
}

/** Scan the build, list the bucket, diff into a plan, print it, and (unless dry-run) apply it. */
export async function syncFrontend(options: FrontendSyncOptions, deps: FrontendSyncDeps): Promise<FrontendSyncResult> {
  const { store, logger, clock } = deps;
  const started = clock.now();
  const target = `${store.location}/${options.prefix}`;
  await assertDeployableBuild(options.source, { deleteStale: options.deleteStale, target });

  const isExcluded = globMatcher(options.exclude);
  logger.info(`Comparing ${options.source} with ${target} …`);
  const hashStarted = clock.now();
  const [{ local, hashing }, remote] = await Promise.all([
    scanAndHash(options),
    // Listed while the build is hashed (on other threads). The listing is the bucket check: a
    // missing bucket, a denied one or one in another region fails it with the same named error
    // a HeadBucket would give, so no HeadBucket round trip goes before it (s3rver even answers
    // HEAD with a whole listing: 0.28 s of a 2 000-file no-op).
    store.list(options.prefix),
  ]);
  logger.info(hashLine(hashing, clock.now() - hashStarted));
  if (!local.some((f) => f.relativeKey === 'index.html')) {
    throw new DeployError(`index.html in ${options.source} matches an --exclude pattern; the site would have no entry page.`, {
      hint: 'Remove the exclude that matches index.html.',
    });
  }

  const inspect = keysToInspect({
    local, remote, prefix: options.prefix, isExcluded,
    deleteStale: options.deleteStale, keepStale: Boolean(options.keepStaleFor),
  });
  const remoteMd5 = new Map<string, string>();
  const staleSince = new Map<string, number>();
  const limit = pLimit(Math.max(1, options.concurrency));
  const heads = await Promise.all(inspect.map((key) => limit(() => store.head(key))));
  for (const head of heads) {
    if (!head) continue;
    const md5 = head.metadata[MD5_METADATA_KEY];
    if (md5) remoteMd5.set(head.key, md5);
    const since = Date.parse(head.metadata[STALE_SINCE_METADATA_KEY] ?? '');
    if (!Number.isNaN(since)) staleSince.set(head.key, since);
  }

  const diff = diffSync({
    local, remote, prefix: options.prefix, remoteMd5, isExcluded,
    deleteStale: options.deleteStale,
    keepStale: options.keepStaleFor ? { forMs: options.keepStaleFor.ms, now: clock.now(), staleSince } : undefined,
  });
  const plan = buildSyncPlan({
    diff, target, source: options.source, prefix: options.prefix,
    cacheControlFor: cacheControlChooser(options.cacheControl ?? DEFAULT_CACHE_CONTROL_RULES),
    keepStaleFor: options.keepStaleFor?.text,
  });
  logger.info(formatPlan(plan));

  const result: FrontendSyncResult = {
    plan, dryRun: options.dryRun, uploaded: 0, uploadedBytes: 0, deleted: 0,
    unchanged: diff.unchanged.length, keptStale: diff.keptStale.length + diff.newlyStale.length, ms: 0,
  };
  if (options.dryRun) {
    result.ms = clock.now() - started;
    logger.info('Dry run: nothing was changed.');
    return result;
  }

  const counters: SyncCounters = { uploaded: 0, uploadedBytes: 0, deleted: 0, marked: 0 };
  const totals = {
    files: diff.uploads.length,
    bytes: diff.uploads.reduce((n, u) => n + u.file.size, 0),
  };
  const handler = syncStepHandler({ store, logger, concurrency: options.concurrency, now: () => clock.now() }, totals, counters);
  try {
    if (plan.steps.length > 0) await applyPlan(plan, handler, { logger, clock });
  } catch (err) {
    logger.error(summaryLine(target, { ...result, ...counters, ms: clock.now() - started }, 'Sync FAILED part-way'));
    throw err instanceof PlanStepError && err.cause instanceof DeployError ? err.cause : err;
  }
  Object.assign(result, counters, { ms: clock.now() - started });
  logger.info(summaryLine(target, result, 'Synced'));
  return result;
}

async function scanAndHash(options: FrontendSyncOptions): Promise<{ local: LocalFile[]; hashing: HashReport }> {
  const isExcluded = globMatcher(options.exclude);
  const extra = options.extraFiles ?? [];
  const extraKeys = new Set(extra.map((f) => f.relativeKey));
  const [built, added, cache] = await Promise.all([
    scanLocalBuild(options.source, { skip: (key) => isExcluded(key) || extraKeys.has(key) }),
    Promise.all(extra.map(async (f) => ({ ...f, size: (await stat(f.filePath)).size, md5: '' }))),
    options.hashCacheDirectory ? new HashCache(options.hashCacheDirectory, options.source).load() : undefined,
  ]);
  const local = [...built, ...added].sort(byRelativeKey);
  // The extra files have no identity: hashed every time (they are small), never cached.
  const hashing = await hashLocalFiles(local, { cache, known: options.knownMd5 });
  return { local, hashing };
}

function hashLine(r: HashReport, ms: number): string {
  const reused = [r.fromRelease && `${r.fromRelease} from the release manifest`, r.fromCache && `${r.fromCache} unchanged since the last run`].filter(Boolean);
  return `Hashed ${r.hashed} file(s) (${formatBytes(r.hashedBytes)})${reused.length ? `, reused ${reused.join(' and ')}` : ''} in ${formatDuration(ms)}.`;
}

function summaryLine(target: string, r: Omit<FrontendSyncResult, 'plan' | 'dryRun'>, verb: string): string {
  const kept = r.keptStale ? `, ${r.keptStale} stale kept` : '';
  return (
    `${verb} ${target}: ${r.uploaded} uploaded (${formatBytes(r.uploadedBytes)}), ${r.deleted} deleted, ` +
    `${r.unchanged} unchanged${kept} in ${formatDuration(r.ms)}`
  );
}
