import type { DeployEnvironment } from '@eapd/config';
import { HistoryLog } from '../history/history-log';
import { protectedReleases } from '../history/environment-state';
import type { DeployLogger } from '../log/logger';
import { RELEASE_PARTS } from './layout';
import type { ReleasesBucket } from './releases-store';

/**
 * Object tags the bucket's lifecycle rule selects on (README: "Releases bucket lifecycle").
 * Every object of a release is published `expirable`; it becomes `kept` before the release
 * is deployed to an environment, and `expirable` again only once it is neither the deployed
 * nor the previous release of ANY environment. The rule expires `expirable` objects under
 * releases/ only, so a deployed or previous release is never expired.
 */
export const RETENTION_TAG = 'eapd-retention';
export type RetentionState = 'kept' | 'expirable';

export const DEPLOY_ENVIRONMENTS: readonly DeployEnvironment[] = ['production', 'staging'];

export function releaseObjectKeys(bucket: ReleasesBucket, release: string): string[] {
  return [...RELEASE_PARTS.map((part) => bucket.layout.archive(part, release)), bucket.layout.manifest(release)];
}

export async function markRelease(bucket: ReleasesBucket, release: string, state: RetentionState): Promise<void> {
  await Promise.all(releaseObjectKeys(bucket, release).map((key) => bucket.store.setTags(key, { [RETENTION_TAG]: state })));
}

/** The releases no environment may lose: each environment's deployed and previous release. */
export async function protectedEverywhere(bucket: ReleasesBucket): Promise<Set<string>> {
  const history = new HistoryLog(bucket.store, bucket.layout);
  const all = new Set<string>();
  for (const environment of DEPLOY_ENVIRONMENTS) for (const r of protectedReleases(await history.read(environment))) all.add(r);
  return all;
}

/**
 * After a deploy changed what an environment serves: the releases it protected before
 * (`before`) that no environment protects any more become `expirable`. Failures only warn:
 * a release left `kept` is never lost, only kept longer.
 */
export async function retireReleases(bucket: ReleasesBucket, before: Set<string>, logger: DeployLogger): Promise<string[]> {
  try {
    const now = await protectedEverywhere(bucket);
    const retired = [...before].filter((r) => !now.has(r));
    for (const release of retired) await markRelease(bucket, release, 'expirable');
    if (retired.length > 0) logger.info(`releases no environment serves or falls back to any more (now expirable under the bucket's lifecycle rule): ${retired.join(', ')}`);
    return retired;
  } catch (err) {
    logger.warn(`could not update the retention tags (those releases are simply kept longer): ${err instanceof Error ? err.message : String(err)}`);
    return [];
  }
}
