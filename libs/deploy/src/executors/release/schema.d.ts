export interface ReleaseExecutorOptions {
  environment: 'production' | 'staging';
  /** deploy:release: the release (git SHA) to deploy. */
  release?: string;
  /** deploy:rollback: the release to return to; default the previous successful one. */
  to?: string;
  dryRun?: boolean;
  lockWait?: string;
  count?: number;
  instanceType?: string;
  bootTimeout?: string;
  healthTimeout?: string;
  drainTimeout?: string;
  keepStaleFor?: string;
  concurrency?: number;
}
