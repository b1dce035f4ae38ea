import type { DeployEnvironment } from '@eapd/config';
import { DeployError } from '../log/errors';

/**
 * Where things live in the releases bucket (RELEASES_AWS_S3_BUCKET, shared by every
 * environment), below its key prefix:
 *
 *   releases/<git-sha>/manifest.json         written last: a release exists once this does
 *   releases/<git-sha>/api-<git-sha>.zip     the API artifact (nx run api:artifact)
 *   releases/<git-sha>/web-<git-sha>.zip     the environment-neutral web build
 *   releases/<git-sha>/seeds-<git-sha>.zip   the development seeds (demo data), for previews only
 *   history/<env>/<started>-<attempt>-<started|finished>.json   append-only deploy history
 *   locks/<env>.json                          the environment lock (a lease)
 */
export type ReleasePart = 'api' | 'web' | 'seeds';

export const RELEASE_PARTS: readonly ReleasePart[] = ['api', 'web', 'seeds'];

/** A release is named by its full git commit SHA. */
export const RELEASE_ID = /^[0-9a-f]{40}$/;

export function assertReleaseId(id: string, what = 'release'): string {
  const sha = String(id ?? '').trim().toLowerCase();
  if (!RELEASE_ID.test(sha)) {
    throw new DeployError(`The ${what} "${id}" is not a full git commit SHA (40 hex digits).`, {
      hint: 'Releases are named after the commit they were built from: git rev-parse <commit>.',
    });
  }
  return sha;
}

export class ReleasesLayout {
  constructor(readonly prefix: string) {}

  releasesRoot(): string {
    return `${this.prefix}releases/`;
  }

  folder(release: string): string {
    return `${this.prefix}releases/${release}/`;
  }

  manifest(release: string): string {
    return `${this.folder(release)}manifest.json`;
  }

  /** The file name of a part's archive inside the release folder. */
  archiveName(part: ReleasePart, release: string): string {
    return `${part}-${release}.zip`;
  }

  archive(part: ReleasePart, release: string): string {
    return `${this.folder(release)}${this.archiveName(part, release)}`;
  }

  history(environment: DeployEnvironment): string {
    return `${this.prefix}history/${environment}/`;
  }

  lock(environment: DeployEnvironment): string {
    return `${this.prefix}locks/${environment}.json`;
  }
}
