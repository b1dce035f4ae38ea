import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadCiContext } from '@eapd/config';
import { artifactFileName, readArtifactInfo } from '../artifact/artifact-info';
import { DeployError } from '../log/errors';
import type { Release } from './rollover-types';

export interface ArtifactFlags {
  artifactUrl?: string;
  artifactSha256?: string;
  gitSha?: string;
}

type Env = Record<string, string | undefined>;

/**
 * Which artifact to deploy without `--release` (local use): `--artifact-url` (a URL the
 * instance can download with no credentials), the SHA-256 from `--artifact-sha256` or from
 * `dist/artifacts/api-<sha>.json` (written by `api:artifact`). No CI token is ever involved:
 * instances never receive one (CI deploys published releases with `--release`).
 */
export async function resolveArtifact(flags: ArtifactFlags, env: Env, root: string): Promise<Release> {
  if (!flags.artifactUrl) {
    throw new DeployError('Nothing to deploy: no --release and no --artifact-url.', {
      hint: 'Deploy a published release: --release=<git-sha> (published by `nx run deploy:publish`). For a one-off artifact: --artifact-url=<URL the instance can fetch without credentials> --artifact-sha256=<hex>.',
    });
  }
  const gitSha = flags.gitSha || loadCiContext(env).sha1 || shaFromUrl(flags.artifactUrl);
  if (!gitSha) {
    throw new DeployError('Cannot tell which commit to deploy.', { hint: 'Pass --git-sha, or name the zip api-<sha>.zip.' });
  }
  let sha256 = flags.artifactSha256;
  if (!sha256) {
    const zip = join(root, 'dist', 'artifacts', artifactFileName(gitSha));
    if (!existsSync(zip.replace(/\.zip$/, '.json'))) {
      throw new DeployError(`No --artifact-sha256 given and no ${zip.replace(/\.zip$/, '.json')} to read it from.`, {
        hint: 'Pass --artifact-sha256, or build the artifact first: npx nx run api:artifact.',
      });
    }
    sha256 = readArtifactInfo(zip).sha256;
  }
  const url = flags.artifactUrl;
  if (!/^[0-9a-f]{64}$/i.test(sha256)) throw new DeployError(`--artifact-sha256 must be 64 hex digits, got "${sha256}"`);
  if (!/^https?:\/\//.test(url)) throw new DeployError(`--artifact-url must be an http(s) URL, got "${url}"`);
  return { gitSha, artifactUrl: url, artifactSha256: sha256.toLowerCase() };
}

function shaFromUrl(url?: string): string | undefined {
  return url?.match(/api-([0-9a-f]{7,40})\.zip/)?.[1];
}
