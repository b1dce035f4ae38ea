export type { ReleaseExecutorOptions as ReleaseRollbackExecutorOptions } from '../release/schema';
