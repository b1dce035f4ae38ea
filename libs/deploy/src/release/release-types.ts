import type { ApiDeployConfig, DeployEnvironment, WebDeployConfig, WebRuntimeConfig } from '@eapd/config';
import type { ApiPartDeps } from '../api-release/roll-api';
import type { ObjectStore } from '../ports/object-store';
import type { ReleasesBucket } from '../releases/releases-store';
import type { RolloverSettings } from '../rollover/rollover-types';
import type { FrontendSyncOptions } from '../s3-sync/sync-frontend';

/** Everything a release deploy of one environment needs, validated by the executor. */
export interface ReleaseContext {
  environment: DeployEnvironment;
  api: ApiDeployConfig;
  web: WebDeployConfig;
  runtime: WebRuntimeConfig;
  /** Rollover settings without the release (set per rollover). */
  rollover: Omit<RolloverSettings, 'release' | 'kind'>;
  /** Frontend sync options without source and prefix. */
  sync: Omit<FrontendSyncOptions, 'source' | 'prefix'>;
}

/** The API part's dependencies (one process: no journal liveness), plus both buckets. */
export type ReleaseDeps = Omit<ApiPartDeps, 'bucket' | 'processId' | 'isProcessAlive' | 'random'> & {
  bucket: ReleasesBucket;
  /** The environment's web bucket. */
  webStore: ObjectStore;
};
