import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import packageVersion from '../package-version.json';

/** The API's own version number (apps/api/package-version.json), bumped by hand on releases. */
export const PACKAGE_VERSION: string = packageVersion.version;

export interface ApiVersion {
  /** e.g. "0.1.0+1a2b3c4d5e6f" */
  version: string;
  /** Where the commit came from, for the start-up log line. */
  source: 'manifest.json' | 'API_VERSION' | 'GIT_SHA' | 'none';
}

const GIT_SHA = /^[0-9a-f]{7,40}$/i;
const withSha = (sha: string) => `${PACKAGE_VERSION}+${sha.toLowerCase().slice(0, 12)}`;

/**
 * Decided when the process starts, never baked in at build time: Nx caches `api:build` by its
 * source inputs and HEAD is not one of them, so a commit compiled into main.js could belong
 * to an older commit than the one being deployed. In order:
 * 1. `manifest.json` beside main.js: the deploy artifact records the commit it was built from;
 * 2. `API_VERSION`, used verbatim;
 * 3. `GIT_SHA` (e.g. CircleCI's CIRCLE_SHA1 passed on);
 * 4. `<package version>+dev`.
 */
export function resolveApiVersion(dir: string, env: Record<string, string | undefined> = process.env): ApiVersion {
  const fromManifest = manifestSha(join(dir, 'manifest.json'));
  if (fromManifest) return { version: withSha(fromManifest), source: 'manifest.json' };
  const explicit = env['API_VERSION']?.trim();
  if (explicit) return { version: explicit, source: 'API_VERSION' };
  const sha = env['GIT_SHA']?.trim();
  if (sha && GIT_SHA.test(sha)) return { version: withSha(sha), source: 'GIT_SHA' };
  return { version: `${PACKAGE_VERSION}+dev`, source: 'none' };
}

function manifestSha(path: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined; // not running from an artifact
  }
  try {
    const { gitSha } = JSON.parse(text) as { gitSha?: unknown };
    return typeof gitSha === 'string' && GIT_SHA.test(gitSha) ? gitSha : undefined;
  } catch {
    return undefined; // a damaged manifest must not stop the server; artifact-verify reports it
  }
}
