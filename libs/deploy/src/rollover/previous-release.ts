import { DeployError } from '../log/errors';
import type { Instance } from '../ports/compute';
import type { Fleet, Release } from './rollover-types';
import { TAG, previousReleaseOf, releaseOf } from './tags';

function mostCommon(releases: Release[]): Release | undefined {
  const counts = new Map<string, { r: Release; n: number }>();
  for (const r of releases) {
    const key = `${r.gitSha}|${r.artifactSha256}`;
    counts.set(key, { r, n: (counts.get(key)?.n ?? 0) + 1 });
  }
  return [...counts.values()].sort((a, b) => b.n - a.n)[0]?.r;
}

/** Prefer what the healthy instances run; a fleet mid-way may be mixed. */
function serving(fleet: Fleet): Instance[] {
  const healthy = fleet.current.filter((i) => fleet.healthyIds.includes(i.id));
  return healthy.length > 0 ? healthy : fleet.current;
}

/** The release the fleet runs now (recorded as "previous" on the instances that replace it). */
export function currentRelease(fleet: Fleet): Release | undefined {
  return mostCommon(serving(fleet).flatMap((i) => releaseOf(i) ?? []));
}

/** For `api:rollback`: the release the current fleet replaced, from its `previous-*` tags. */
export function releaseToRollBackTo(fleet: Fleet, environment: string): Release {
  const instances = serving(fleet);
  if (instances.length === 0) {
    throw new DeployError(`Nothing to roll back: no instance of ${environment} is registered in the target group.`, {
      hint: 'Deploy a specific release instead: nx run api:deploy --artifact-url <url> --artifact-sha256 <sha256>.',
    });
  }
  const previous = mostCommon(instances.flatMap((i) => previousReleaseOf(i) ?? []));
  if (!previous) {
    throw new DeployError(
      `The serving instances (${instances.map((i) => i.id).join(', ')}) record no previous release (tags ${TAG.previousRelease}, ${TAG.previousArtifactUrl}, ${TAG.previousArtifactSha256}).`,
      { hint: 'They were launched by the first rollover or by hand. Deploy a known release with api:deploy --artifact-url … --artifact-sha256 ….' },
    );
  }
  return previous;
}
