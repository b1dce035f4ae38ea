export interface PreviewCleanupExecutorOptions {
  owner?: string;
  repo?: string;
  dryRun?: boolean;
}
