import type { RolloverExecutorOptions } from '../rollover/schema';

export type RollbackExecutorOptions = Omit<RolloverExecutorOptions, 'artifactUrl' | 'artifactSha256' | 'gitSha' | 'release'>;
