import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DeployError } from '../log/errors';
import { downloadVerifiedArchive } from '../releases/read-release';
import type { ReleaseManifest } from '../releases/manifest';
import type { ReleasesBucket } from '../releases/releases-store';
import type { Release } from '../rollover/rollover-types';

/**
 * A published release as the rollover knows releases. Its artifact URL is the object's stable
 * s3:// location (what the instance tags record, so api:rollback can find it at any age);
 * the instance itself gets a presigned URL made at launch (`artifactDownloadUrl`).
 */
export function apiReleaseOf(bucket: ReleasesBucket, manifest: ReleaseManifest): Release {
  return {
    gitSha: manifest.release,
    artifactUrl: `${bucket.store.location}/${bucket.layout.archive('api', manifest.release)}`,
    artifactSha256: manifest.parts.api.sha256,
  };
}

/**
 * The URL the instance downloads from: for a release in the releases bucket a presigned GET
 * valid for `validForSeconds` (no credential ever reaches the instance); any other URL as
 * given (it must need no credentials).
 */
export async function artifactDownloadUrl(release: Release, bucket: ReleasesBucket | undefined, validForSeconds: number): Promise<string> {
  if (!release.artifactUrl.startsWith('s3://')) return release.artifactUrl;
  const prefix = bucket ? `${bucket.store.location}/` : undefined;
  if (!bucket || !prefix || !release.artifactUrl.startsWith(prefix)) {
    throw new DeployError(`Release ${release.gitSha} lives at ${release.artifactUrl}, outside the releases bucket this deploy can presign for${bucket ? ` (${bucket.store.location})` : ''}.`, {
      hint: 'Set RELEASES_AWS_S3_BUCKET and RELEASES_AWS_REGION to the bucket the release was published to.',
    });
  }
  return bucket.store.presignGet(release.artifactUrl.slice(prefix.length), validForSeconds);
}

/** Downloads the API archive and checks its SHA-256 before any instance is launched with it. */
export async function verifyApiArchive(bucket: ReleasesBucket, manifest: ReleaseManifest, workDir: string): Promise<void> {
  const file = join(workDir, manifest.parts.api.archive);
  try {
    await downloadVerifiedArchive(bucket, manifest, 'api', file);
  } finally {
    await rm(file, { force: true });
  }
}
