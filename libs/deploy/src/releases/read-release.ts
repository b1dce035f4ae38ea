import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { DeployError } from '../log/errors';
import type { ReleasePart } from './layout';
import { parseReleaseManifest, type ReleaseManifest } from './manifest';
import type { ReleasesBucket } from './releases-store';

/**
 * A published release's manifest. `id` may be a full SHA or an unambiguous prefix of one
 * (at least 7 hex digits), as git accepts; the error lists what is there when it is not found.
 */
export async function readRelease(bucket: ReleasesBucket, id: string): Promise<ReleaseManifest> {
  const release = await resolveReleaseId(bucket, id);
  const key = bucket.layout.manifest(release);
  const object = await bucket.store.read(key);
  if (!object) {
    throw new DeployError(`Release ${release} is not published in ${bucket.store.location}/${bucket.layout.releasesRoot()} (no ${key}).`, {
      hint: 'Publish it first (CI does, in the gates job): git checkout <commit> && npx nx run deploy:publish',
    });
  }
  const manifest = parseReleaseManifest(object.body.toString('utf8'), `${bucket.store.location}/${key}`);
  if (manifest.release !== release) throw new DeployError(`${key} names release ${manifest.release}, not ${release}: the releases bucket was edited by hand.`);
  return manifest;
}

async function resolveReleaseId(bucket: ReleasesBucket, id: string): Promise<string> {
  const wanted = String(id ?? '').trim().toLowerCase();
  if (/^[0-9a-f]{40}$/.test(wanted)) return wanted;
  if (!/^[0-9a-f]{7,39}$/.test(wanted)) {
    throw new DeployError(`"${id}" is not a release: give the git commit SHA it was published from (40 hex digits, or at least the first 7).`);
  }
  const root = bucket.layout.releasesRoot();
  const matches = new Set(
    (await bucket.store.list(`${root}${wanted}`))
      .map((o) => o.key.slice(root.length).split('/')[0])
      .filter((sha) => /^[0-9a-f]{40}$/.test(sha)),
  );
  if (matches.size === 1) return [...matches][0];
  throw new DeployError(
    matches.size === 0 ? `No published release starts with ${wanted}.` : `${wanted} is ambiguous: ${[...matches].sort().join(', ')}.`,
    { hint: 'Give the full 40-digit commit SHA.' },
  );
}

export async function sha256OfFileStream(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

/**
 * Downloads one part's archive and checks it is, byte for byte, what the manifest names:
 * a tampered or truncated archive is refused before anything is deployed.
 */
export async function downloadVerifiedArchive(bucket: ReleasesBucket, manifest: ReleaseManifest, part: ReleasePart, file: string): Promise<void> {
  const entry = manifest.parts[part];
  const key = bucket.layout.archive(part, manifest.release);
  await bucket.store.download(key, file);
  const actual = await sha256OfFileStream(file);
  if (actual !== entry.sha256) {
    throw new DeployError(
      `SHA-256 mismatch: ${bucket.store.location}/${key} is not the published ${entry.archive} (manifest ${entry.sha256}, downloaded ${actual}). Refusing to deploy it; nothing was changed.`,
      { hint: 'The object was replaced or damaged after publishing. Publish the commit again under a new commit, or restore the object from a backup.' },
    );
  }
}
