import type { ApiDeployConfig } from '@eapd/config';
import type { ReleasesBucket } from '../releases/releases-store';
import { runRollover, type RolloverOutcome } from '../rollover/run-rollover';
import type { RolloverDeps, RolloverSettings } from '../rollover/rollover-types';
import { renderProductionStartupScript } from '../startup/production-script';
import { artifactDownloadUrl } from './release-artifact';

/** The rollover's dependencies, with the releases bucket in place of the user data renderer. */
export type ApiPartDeps = Omit<RolloverDeps, 'renderUserData'> & {
  /** Where releases live: s3:// artifact URLs are presigned against it. */
  bucket?: ReleasesBucket;
};

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
    ...deps,
    renderUserData: async (release) =>
      renderProductionStartupScript({
        config,
        artifact: { url: await artifactDownloadUrl(release, deps.bucket, presignSeconds(settings)), sha256: release.artifactSha256, gitSha: release.gitSha },
      }),
  });
}
