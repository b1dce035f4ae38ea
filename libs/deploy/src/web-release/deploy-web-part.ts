import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WebRuntimeConfig } from '@eapd/config';
import { DeployError } from '../log/errors';
import type { DeployLogger } from '../log/logger';
import type { Clock } from '../ports/clock';
import type { ObjectStore } from '../ports/object-store';
import type { ReleaseManifest } from '../releases/manifest';
import type { ReleasesBucket } from '../releases/releases-store';
import { DEFAULT_CACHE_CONTROL_RULES } from '../s3-sync/content-headers';
import { assertDeployableBuild } from '../s3-sync/guards';
import { globMatcher } from '../s3-sync/glob';
import { syncFrontend, type FrontendSyncOptions, type FrontendSyncResult } from '../s3-sync/sync-frontend';
import { RUNTIME_CONFIG_CACHE_CONTROL, RUNTIME_CONFIG_FILE } from './runtime-config-file';
import { stageWebRelease, writeRuntimeConfigBeside } from './stage-web-release';

/** Where the web files come from: a published release (checked file by file) or a local build folder. */
export type WebSource = { kind: 'release'; bucket: ReleasesBucket; manifest: ReleaseManifest } | { kind: 'local'; dir: string };

export interface WebPartRequest {
  from: WebSource;
  /** The environment's /config.json. */
  runtime: WebRuntimeConfig;
  /** "" or "prefix/" in the web bucket. */
  prefix: string;
  sync: Omit<FrontendSyncOptions, 'source' | 'prefix'>;
}

export interface WebPartDeps {
  store: ObjectStore;
  logger: DeployLogger;
  clock: Clock;
  /** Called once the files are staged and checked, just before the bucket changes. */
  onSyncStart?: () => void;
}

/**
 * The web part of a deploy: the files (a release unpacked and checked in a temporary folder, or
 * the local build where it is) plus the environment's /config.json, synced to the web bucket
 * (unchanged files are not uploaded; config.json only when its content changed).
 */
export async function deployWebPart(request: WebPartRequest, deps: WebPartDeps): Promise<FrontendSyncResult> {
  if (globMatcher(request.sync.exclude)(RUNTIME_CONFIG_FILE)) {
    throw new DeployError(`${RUNTIME_CONFIG_FILE} matches an --ignore pattern; the app would have no settings.`, { hint: 'Remove the pattern that matches config.json.' });
  }
  // Checked where it is, so the message names the folder the user gave.
  if (request.from.kind === 'local') {
    await assertDeployableBuild(request.from.dir, { deleteStale: request.sync.deleteStale, target: `${deps.store.location}/${request.prefix}` });
  }
  const work = await mkdtemp(join(tmpdir(), 'eapd-web-'));
  try {
    // A release is unpacked (and checked) in the work folder; a local build is synced where it
    // is, with only config.json written in the work folder.
    const where: Pick<FrontendSyncOptions, 'source' | 'extraFiles' | 'knownMd5' | 'hashCacheDirectory'> =
      request.from.kind === 'release'
        ? await stageWebRelease(request.from.bucket, request.from.manifest, request.runtime, work).then(({ site, knownMd5 }) => ({ source: site, knownMd5, hashCacheDirectory: undefined }))
        : { source: request.from.dir, extraFiles: [await writeRuntimeConfigBeside(request.from.dir, request.runtime, work)] };
    deps.onSyncStart?.();
    const rules = request.sync.cacheControl ?? DEFAULT_CACHE_CONTROL_RULES;
    return await syncFrontend(
      {
        ...request.sync,
        ...where,
        prefix: request.prefix,
        cacheControl: { ...rules, overrides: [{ glob: RUNTIME_CONFIG_FILE, value: RUNTIME_CONFIG_CACHE_CONTROL }, ...rules.overrides] },
      },
      deps,
    );
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
