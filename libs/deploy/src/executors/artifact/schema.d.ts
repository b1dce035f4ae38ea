export interface ArtifactExecutorOptions {
  /** The API build folder, relative to the workspace root. */
  distPath: string;
  /** Where the zip is written, relative to the workspace root. */
  outputPath: string;
  /** Include the build's `.js.map` files. */
  sourceMaps: boolean;
  /** Add PM2 (the workspace's version) to the artifact's production dependencies. */
  bundlePm2: boolean;
  /** Reuse node_modules installed earlier from the same lockfile. */
  installCache: boolean;
}
