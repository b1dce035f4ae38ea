import type { ApiDeployConfig } from '@eapd/config';
import type { DeployLogger } from '../log/logger';
import type { Clock } from '../ports/clock';
import type { Compute } from '../ports/compute';
import type { LoadBalancer } from '../ports/load-balancer';
import type { Parameters } from '../ports/parameters';
import type { ReleasesBucket } from '../releases/releases-store';
import { runRollover, type RolloverOutcome } from '../rollover/run-rollover';
import type { RolloverSettings } from '../rollover/rollover-types';
import { renderProductionStartupScript } from '../startup/production-script';
import { artifactDownloadUrl } from './release-artifact';

export interface ApiPartDeps {
  compute: Compute;
  loadBalancer: LoadBalancer;
  /** Parameter Store: the rollover writes the instance settings that changed before launching. */
  parameters: Parameters;
  clock: Clock;
  logger: DeployLogger;
  signal?: AbortSignal;
  /** Where releases live: s3:// artifact URLs are presigned against it. */
  bucket?: ReleasesBucket;
  /** "<host>:<pid>" of this process, recorded in the rollover's journal. */
  processId?: string;
  /** Whether the process named by a journal's "<host>:<pid>" still runs (see RolloverDeps). */
  isProcessAlive?(processId: string): boolean | undefined;
}

/** SigV4 allows at most 7 days. */
const MAX_PRESIGN_SECONDS = 7 * 24 * 3600;

/**
 * How long the instance's download URL stays valid: it boots and downloads within the boot
 * timeout, and the health wait bounds how long anyone cares; ten minutes more for slack.
 */
export function presignSeconds(settings: Pick<RolloverSettings, 'bootTimeoutMs' | 'healthTimeoutMs'>): number {
  return Math.min(MAX_PRESIGN_SECONDS, Math.ceil((settings.bootTimeoutMs + settings.healthTimeoutMs) / 1000) + 600);
}

/** The API part of a deploy: the rollover engine, with user data that downloads by presigned URL. */
export function rollApi(config: ApiDeployConfig, settings: RolloverSettings, deps: ApiPartDeps): Promise<RolloverOutcome> {
  return runRollover(config, settings, {
    compute: deps.compute,
    loadBalancer: deps.loadBalancer,
    parameters: deps.parameters,
    clock: deps.clock,
    logger: deps.logger,
    signal: deps.signal,
    processId: deps.processId,
    isProcessAlive: deps.isProcessAlive,
    renderUserData: async (release) =>
      renderProductionStartupScript({
        config,
        artifact: { url: await artifactDownloadUrl(release, deps.bucket, presignSeconds(settings)), sha256: release.artifactSha256, gitSha: release.gitSha },
      }),
  });
}
