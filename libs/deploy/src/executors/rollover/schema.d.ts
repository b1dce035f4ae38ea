export interface RolloverExecutorOptions {
  environment: 'production' | 'staging';
  artifactUrl?: string;
  artifactSha256?: string;
  gitSha?: string;
  /** A release published with deploy:publish (git SHA); instead of the artifact options. */
  release?: string;
  lockWait?: string;
  dryRun?: boolean;
  count?: number;
  instanceType?: string;
  bootTimeout?: string;
  healthTimeout?: string;
  drainTimeout?: string;
  soak?: string;
  pollInterval?: string;
  callTimeout?: string;
  keepFailed?: boolean;
  force?: boolean;
}
