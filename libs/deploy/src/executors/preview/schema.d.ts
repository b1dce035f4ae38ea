export interface PreviewExecutorOptions {
  pr?: number;
  sha?: string;
  owner?: string;
  repo?: string;
  dryRun?: boolean;
  waitHealthy?: boolean;
  /** Seconds. */
  healthTimeout?: number;
  /** Seconds. */
  runningTimeout?: number;
  instanceType?: string;
  /** Write the preview URL to this file after a successful deploy. */
  urlFile?: string;
}
