import { isAbsolute, join } from 'node:path';
import { DeployError } from '../../log/errors';
import { IMMUTABLE_CACHE_CONTROL, parseCacheControlOverride, REVALIDATE_CACHE_CONTROL } from '../../s3-sync/content-headers';
import { parseDuration } from '../../s3-sync/format';
import type { FrontendSyncOptions } from '../../s3-sync/sync-frontend';
import type { S3SyncExecutorOptions } from './schema';

export interface NormalizedS3SyncOptions {
  environment: 'production' | 'staging';
  skipBuild: boolean;
  forcePathStyle: boolean;
  /** Everything but the prefix, which comes from the config. */
  sync: Omit<FrontendSyncOptions, 'prefix'>;
}

function list(value: string[] | string | undefined): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map((v) => String(v)).filter((v) => v.trim() !== '');
}

/** Checks every option up front, so a typo fails before anything is built or listed. */
export function normalizeOptions(options: S3SyncExecutorOptions, root: string): NormalizedS3SyncOptions {
  const environment = options.environment;
  if (environment !== 'production' && environment !== 'staging') {
    throw new DeployError(`Unknown environment "${String(environment)}".`, {
      hint: 'Run with --configuration=production or --configuration=staging.',
    });
  }
  const concurrency = Number(options.concurrency ?? 16);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 128) {
    throw new DeployError(`--concurrency must be a whole number from 1 to 128, got "${options.concurrency}".`);
  }
  let keepStaleFor: FrontendSyncOptions['keepStaleFor'];
  try {
    if (options.keepStaleFor) keepStaleFor = { text: options.keepStaleFor, ms: parseDuration(options.keepStaleFor) };
    const overrides = list(options.cacheControl).map(parseCacheControlOverride);
    const source = options.source ?? 'dist/apps/web';
    return {
      environment,
      skipBuild: Boolean(options.skipBuild),
      forcePathStyle: Boolean(options.forcePathStyle),
      sync: {
        source: isAbsolute(source) ? source : join(root, source),
        dryRun: Boolean(options.dryRun),
        deleteStale: options.delete !== false,
        exclude: list(options.exclude),
        concurrency,
        keepStaleFor,
        cacheControl: {
          hashed: options.hashedCacheControl ?? IMMUTABLE_CACHE_CONTROL,
          other: options.defaultCacheControl ?? REVALIDATE_CACHE_CONTROL,
          overrides,
        },
      },
    };
  } catch (err) {
    if (err instanceof DeployError) throw err;
    throw new DeployError(err instanceof Error ? err.message : String(err));
  }
}
