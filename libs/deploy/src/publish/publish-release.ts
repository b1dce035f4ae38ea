import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Clock } from '../ports/clock';
import { PreconditionFailedError, type ObjectStore } from '../ports/object-store';
import type { DeployLogger } from '../log/logger';
import { DeployError } from '../log/errors';
import { applyPlan, PlanStepError } from '../plan/apply-plan';
import { formatPlan, type Plan, type PlanStep } from '../plan/plan';
import { formatBytes } from '../s3-sync/format';
import { RELEASE_PARTS, type ReleasePart, type ReleasesLayout } from '../releases/layout';
import { diffReleaseManifests, parseReleaseManifest, serializeReleaseManifest, type ReleaseManifest } from '../releases/manifest';
import { RETENTION_TAG } from '../releases/retention';
import type { CollectedRelease } from './collect-release';

export interface PublishDeps {
  store: ObjectStore;
  layout: ReleasesLayout;
  logger: DeployLogger;
  clock: Clock;
}

export type PublishStep =
  | (PlanStep & { action: 'upload'; part: ReleasePart; key: string; file: string })
  | (PlanStep & { action: 'write-manifest'; key: string })
  | (PlanStep & { action: 'verify' });

export interface PublishPlan extends Plan<PublishStep> {
  release: string;
  /** "new": nothing published yet; "published": the same release is already there (no-op). */
  state: 'new' | 'published';
}

/** The user-metadata name under which each archive's SHA-256 is stored. */
export const SHA256_METADATA_KEY = 'sha256';

/**
 * Compares the local release with the bucket. Releases are immutable: the same content
 * already published is a no-op; different content is refused, naming every differing file.
 */
export async function planPublish(collected: CollectedRelease, deps: PublishDeps): Promise<PublishPlan> {
  const { manifest } = collected;
  const { store, layout } = deps;
  const manifestKey = layout.manifest(manifest.release);
  await store.checkBucket();
  const stored = await readStoredManifest(store, manifestKey);
  const base = {
    operation: 'Publish release',
    target: `${store.location}/${layout.folder(manifest.release)}`,
    release: manifest.release,
  };
  const sizes = RELEASE_PARTS.map((p) => `${p} ${formatBytes(manifest.parts[p].size)}`).join(', ');
  if (stored) {
    refuseDifferent(stored, manifest, manifestKey);
    return {
      ...base,
      state: 'published',
      facts: [['release', manifest.release], ['state', `already published ${stored.published.at} by ${stored.published.by}, identical`], ['archives', sizes]],
      steps: [],
    };
  }
  const steps: PublishStep[] = RELEASE_PARTS.map((part) => ({
    id: `upload-${part}`,
    action: 'upload',
    part,
    key: layout.archive(part, manifest.release),
    file: collected.archives[part],
    summary: `Upload ${manifest.parts[part].archive} (${formatBytes(manifest.parts[part].size)}, ${Object.keys(manifest.parts[part].files).length} files)`,
    details: [`sha256 ${manifest.parts[part].sha256}`],
    mutating: true,
  }));
  steps.push(
    {
      id: 'write-manifest',
      action: 'write-manifest',
      key: manifestKey,
      summary: 'Write manifest.json (last: the release exists from here on; only if no other run wrote one first)',
      mutating: true,
    },
    { id: 'verify', action: 'verify', summary: 'Check the stored archives against the manifest (size and SHA-256)', mutating: false },
  );
  return { ...base, state: 'new', facts: [['release', manifest.release], ['state', 'not published yet'], ['archives', sizes]], steps };
}

export interface PublishResult {
  plan: PublishPlan;
  /** True when this run wrote the release; false for a no-op or a dry run. */
  published: boolean;
}

export async function publishRelease(collected: CollectedRelease, options: { dryRun: boolean }, deps: PublishDeps): Promise<PublishResult> {
  const { logger } = deps;
  const plan = await planPublish(collected, deps);
  logger.info(formatPlan(plan));
  if (plan.state === 'published') {
    logger.info(`\nRelease ${plan.release} is already published with identical content: nothing to do.`);
    return { plan, published: false };
  }
  if (options.dryRun) {
    logger.info('\nDry run: nothing was changed.');
    return { plan, published: false };
  }
  const { manifest } = collected;
  let wroteManifest = true;
  try {
    await applyPlan(
      plan,
      async (step) => {
        if (step.action === 'upload') await uploadArchive(step, manifest, deps);
        else if (step.action === 'write-manifest') wroteManifest = await writeManifest(step.key, manifest, deps);
        else await verifyStored(manifest, deps);
      },
      deps,
    );
  } catch (err) {
    throw err instanceof PlanStepError && err.cause instanceof DeployError ? err.cause : err;
  }
  logger.info(wroteManifest ? `Published release ${manifest.release}.` : `Release ${manifest.release} was published concurrently by another run with identical content.`);
  return { plan, published: wroteManifest };
}

async function uploadArchive(step: Extract<PublishStep, { action: 'upload' }>, manifest: ReleaseManifest, deps: PublishDeps): Promise<void> {
  const entry = manifest.parts[step.part];
  const md5 = createHash('md5').update(readFileSync(step.file)).digest('hex');
  await deps.store.put({
    key: step.key,
    filePath: step.file,
    size: entry.size,
    md5,
    contentType: 'application/zip',
    cacheControl: 'private, max-age=31536000, immutable',
    metadata: { [SHA256_METADATA_KEY]: entry.sha256 },
  });
  // Published releases may expire under the bucket's lifecycle rule until one is deployed.
  await deps.store.setTags(step.key, { [RETENTION_TAG]: 'expirable' });
}

/** Returns false when another run wrote the same manifest first (identical: fine). */
async function writeManifest(key: string, manifest: ReleaseManifest, deps: PublishDeps): Promise<boolean> {
  try {
    await deps.store.write({ key, body: serializeReleaseManifest(manifest), contentType: 'application/json', cacheControl: 'no-cache', ifNoneMatch: true });
    await deps.store.setTags(key, { [RETENTION_TAG]: 'expirable' });
    return true;
  } catch (err) {
    if (!(err instanceof PreconditionFailedError)) throw err;
    const stored = await readStoredManifest(deps.store, key);
    if (!stored) throw err;
    refuseDifferent(stored, manifest, key);
    return false;
  }
}

async function verifyStored(manifest: ReleaseManifest, deps: PublishDeps): Promise<void> {
  const problems: string[] = [];
  for (const part of RELEASE_PARTS) {
    const entry = manifest.parts[part];
    const key = deps.layout.archive(part, manifest.release);
    const head = await deps.store.head(key);
    if (!head) problems.push(`${entry.archive}: missing`);
    else if (head.size !== entry.size || head.metadata[SHA256_METADATA_KEY] !== entry.sha256) problems.push(`${entry.archive}: not the bytes the manifest names`);
  }
  if (problems.length > 0) {
    throw new DeployError(`Release ${manifest.release} in the bucket does not match its manifest:\n  ${problems.join('\n  ')}`, {
      hint: 'Another publish of the same commit with different bytes raced this one. Make the build reproducible, then delete releases/<sha>/ and publish again.',
    });
  }
}

async function readStoredManifest(store: ObjectStore, key: string): Promise<ReleaseManifest | undefined> {
  const object = await store.read(key);
  return object ? parseReleaseManifest(object.body.toString('utf8'), `${store.location}/${key}`) : undefined;
}

function refuseDifferent(stored: ReleaseManifest, local: ReleaseManifest, key: string): void {
  const differences = diffReleaseManifests(stored, local);
  if (differences.length === 0) return;
  const shown = differences.slice(0, 50);
  const more = differences.length > shown.length ? [`… and ${differences.length - shown.length} more`] : [];
  throw new DeployError(
    `Release ${local.release} is already published (${stored.published.at} by ${stored.published.by}) with different content, ` +
      `and releases are immutable. Nothing was uploaded. Differing files:\n  ${[...shown, ...more].join('\n  ')}`,
    {
      hint: `A release is named by its commit: commit the change and publish that commit. If this build should have been identical, the build is not reproducible (compare ${key} with the local one).`,
    },
  );
}
