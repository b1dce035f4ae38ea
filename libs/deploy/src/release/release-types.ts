import type { ApiDeployConfig, DeployEnvironment, WebDeployConfig, WebRuntimeConfig } from '@eapd/config';
import type { DeployLogger } from '../log/logger';
import type { Clock } from '../ports/clock';
import type { Compute } from '../ports/compute';
import type { LoadBalancer } from '../ports/load-balancer';
import type { ObjectStore } from '../ports/object-store';
import type { Parameters } from '../ports/parameters';
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

export interface ReleaseDeps {
  bucket: ReleasesBucket;
  /** The environment's web bucket. */
  webStore: ObjectStore;
  compute: Compute;
  loadBalancer: LoadBalancer;
  /** Parameter Store: the API rollover writes the instance settings that changed. */
  parameters: Parameters;
  clock: Clock;
  logger: DeployLogger;
  /** SIGINT/SIGTERM. */
  signal?: AbortSignal;
}
