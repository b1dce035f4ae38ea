export interface PublishExecutorOptions {
  dryRun?: boolean;
  /** The API artifact zip; default dist/artifacts/api-<HEAD>.zip. */
  apiZip?: string;
  /** The web build; default dist/apps/web. */
  webDir?: string;
  /** The development seeds of the API build; default dist/apps/api/seeds/development. */
  seedsDir?: string;
}
