export interface ArtifactVerifyExecutorOptions {
  /** An unpacked artifact folder, or an artifact zip (unpacked to a temporary folder first). */
  path?: string;
}
