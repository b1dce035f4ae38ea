export interface S3SyncExecutorOptions {
  environment: 'production' | 'staging';
  /** A release published with deploy:publish (git SHA). */
  release?: string;
  lockWait?: string;
  source?: string;
  skipBuild?: boolean;
  dryRun?: boolean;
  delete?: boolean;
  /** Nx passes one string when the flag is given once. */
  exclude?: string[] | string;
  concurrency?: number;
  keepStaleFor?: string;
  forcePathStyle?: boolean;
  cacheControl?: string[] | string;
  hashedCacheControl?: string;
  defaultCacheControl?: string;
}
