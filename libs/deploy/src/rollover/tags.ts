import type { DeployEnvironment } from '@eapd/config';
import type { Instance } from '../ports/compute';
import type { Release } from './rollover-types';

/** Tag names the rollover reads and writes. Keep stable: old fleets carry them. */
export const TAG = {
  name: 'Name',
  environment: 'environment',
  release: 'release',
  artifactSha256: 'artifact-sha256',
  artifactUrl: 'artifact-url',
  previousRelease: 'previous-release',
  previousArtifactSha256: 'previous-artifact-sha256',
  previousArtifactUrl: 'previous-artifact-url',
  /** The rollover marker ("lock"): ISO time the rollover started. */
  inProgress: 'rollover-in-progress',
  rolloverId: 'rollover-id',
  rolloverBy: 'rollover-by',
  managedBy: 'managed-by',
} as const;

export const MARKER_KEYS = [TAG.inProgress, TAG.rolloverId, TAG.rolloverBy];

/** EC2 tag values are at most 256 characters. */
function fit(value: string): string {
  return value.length <= 256 ? value : value.slice(0, 253) + '...';
}

export function releaseOf(instance: Instance): Release | undefined {
  const t = instance.tags;
  if (!t[TAG.release] || !t[TAG.artifactUrl] || !t[TAG.artifactSha256]) return undefined;
  return { gitSha: t[TAG.release], artifactUrl: t[TAG.artifactUrl], artifactSha256: t[TAG.artifactSha256] };
}

export function previousReleaseOf(instance: Instance): Release | undefined {
  const t = instance.tags;
  if (!t[TAG.previousRelease] || !t[TAG.previousArtifactUrl] || !t[TAG.previousArtifactSha256]) return undefined;
  return { gitSha: t[TAG.previousRelease], artifactUrl: t[TAG.previousArtifactUrl], artifactSha256: t[TAG.previousArtifactSha256] };
}

export function newInstanceTags(args: {
  environment: DeployEnvironment;
  release: Release;
  previous?: Release;
  startedAt: Date;
  rolloverId: string;
  holder: string;
}): Record<string, string> {
  const tags: Record<string, string> = {
    [TAG.name]: `eapd-api-${args.environment}`,
    [TAG.environment]: args.environment,
    [TAG.release]: args.release.gitSha,
    [TAG.artifactSha256]: args.release.artifactSha256,
    [TAG.artifactUrl]: fit(args.release.artifactUrl),
    [TAG.inProgress]: args.startedAt.toISOString(),
    [TAG.rolloverId]: args.rolloverId,
    [TAG.rolloverBy]: fit(args.holder),
    [TAG.managedBy]: 'eapd-deploy',
  };
  // Recorded so `api:rollback` knows what to go back to without any other store.
  if (args.previous) {
    tags[TAG.previousRelease] = args.previous.gitSha;
    tags[TAG.previousArtifactSha256] = args.previous.artifactSha256;
    tags[TAG.previousArtifactUrl] = fit(args.previous.artifactUrl);
  }
  return tags;
}
