export interface RolloverExecutorOptions {
  environment: 'production' | 'staging';
  artifactUrl?: string;
  artifactSha256?: string;
  gitSha?: string;
  artifactJob?: string;
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
