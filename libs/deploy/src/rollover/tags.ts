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
  /** The rollover marker ("lock") and journal: ISO time the rollover started. */
  inProgress: 'rollover-in-progress',
  rolloverId: 'rollover-id',
  rolloverBy: 'rollover-by',
  /** Journal: the step the rollover is in (a step id, or "rolling-back"). */
  phase: 'rollover-phase',
  /** Journal: ISO time until which the rollover's process promises to be alive (renewed while it runs). */
  leaseUntil: 'rollover-lease-until',
  /** Journal: "<host>:<pid>" of the process running the rollover, so a run on the same host can tell it died. */
  process: 'rollover-process',
  /** On the OLD fleet, set just before the switch: "<rollover id>" that deregisters it, so a repair knows what to put back. */
  retiring: 'rollover-retiring',
  managedBy: 'managed-by',
} as const;

/** Every lock and journal tag: cleared together when a rollover ends, whichever way. */
export const JOURNAL_KEYS: string[] = [TAG.inProgress, TAG.rolloverId, TAG.rolloverBy, TAG.phase, TAG.leaseUntil, TAG.process, TAG.retiring];

/** EC2 tag values are at most 256 characters. */
export function fit(value: string): string {
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

/** The tags a new instance is launched with; `journal` holds the lock and journal tags (see journal.ts). */
export function newInstanceTags(args: {
  environment: DeployEnvironment;
  release: Release;
  previous?: Release;
  journal: Record<string, string>;
}): Record<string, string> {
  const tags: Record<string, string> = {
    [TAG.name]: `eapd-api-${args.environment}`,
    [TAG.environment]: args.environment,
    [TAG.release]: args.release.gitSha,
    [TAG.artifactSha256]: args.release.artifactSha256,
    [TAG.artifactUrl]: fit(args.release.artifactUrl),
    [TAG.managedBy]: 'eapd-deploy',
    ...args.journal,
  };
  // Recorded so `api:rollback` knows what to go back to without any other store.
  if (args.previous) {
    tags[TAG.previousRelease] = args.previous.gitSha;
    tags[TAG.previousArtifactSha256] = args.previous.artifactSha256;
    tags[TAG.previousArtifactUrl] = fit(args.previous.artifactUrl);
  }
  return tags;
}
