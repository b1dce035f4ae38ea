import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiReleaseOf, verifyApiArchive } from '../api-release/release-artifact';
import { rollApi } from '../api-release/roll-api';
import type { DeploySession } from '../deploy-session/deploy-session';
import { consistentRelease, UNKNOWN } from '../history/environment-state';
import { DeployError, InterruptedError } from '../log/errors';
import { readRelease } from '../releases/read-release';
import type { ReleaseManifest } from '../releases/manifest';
import type { RolloverSettings } from '../rollover/rollover-types';
import { deployWebPart } from '../web-release/deploy-web-part';
import type { ReleaseContext, ReleaseDeps } from './release-types';

/**
 * Deploys both parts of `manifest` inside a session (lock held, history recording): check
 * both archives, roll the API over, then sync the web build and /config.json. The API goes
 * first: it is the part that can fail slowly (health gate), and while the web syncs the new
 * API already serves the old pages. If either part fails, both are put back on the release
 * they served before (`session.before`), and the error is rethrown.
 */
export async function deployBothParts(manifest: ReleaseManifest, ctx: ReleaseContext, deps: ReleaseDeps, session: DeploySession): Promise<void> {
  const { logger } = deps;
  const work = await mkdtemp(join(tmpdir(), 'eapd-release-'));
  let apiChanged = false;
  let webChanged = false;
  // Until a part changes, it serves what it served before.
  session.serving.api = session.before.api;
  session.serving.web = session.before.web;
  try {
    await session.step('verify', async () => {
      logger.section(`Check release ${manifest.release} (API archive SHA-256; the web files are checked as they are staged)`);
      await verifyApiArchive(deps.bucket, manifest, work);
    });
    await session.step('api', async () => {
      logger.section(`API → ${manifest.release}`);
      const outcome = await rollApi(ctx.api, settingsFor(ctx, apiReleaseOf(deps.bucket, manifest)), { ...deps, signal: session.signal });
      // Rolled back by the engine before the switch: the old fleet still serves.
      apiChanged = outcome.success || !outcome.rolledBack;
      session.serving.api = outcome.success ? manifest.release : outcome.rolledBack ? (session.before.api ?? UNKNOWN) : UNKNOWN;
      if (!outcome.success) throw outcome.error ?? new DeployError(`The API rollover to ${manifest.release} failed.`);
    });
    await session.step('web', async () => {
      logger.section(`Web → ${manifest.release}`);
      await deployWebPart(
        { from: { kind: 'release', bucket: deps.bucket, manifest }, runtime: ctx.runtime, prefix: ctx.web.prefix, sync: ctx.sync },
        { store: deps.webStore, logger, clock: deps.clock, onSyncStart: () => ((webChanged = true), (session.serving.web = UNKNOWN)) },
      );
      session.serving.web = manifest.release;
    });
  } catch (err) {
    await putBack(err, { apiChanged, webChanged }, ctx, deps, session);
    throw err;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

function settingsFor(ctx: ReleaseContext, release: RolloverSettings['release']): RolloverSettings {
  // A fresh id per rollover: it is also the launch's idempotency token.
  return { ...ctx.rollover, kind: 'deploy', release, rolloverId: `${ctx.environment}-${Date.now().toString(36)}-${randomBytes(6).toString('hex')}` };
}

/**
 * The compensation: every part that changed goes back to the release it served before. After
 * an interrupt only the web is put back (seconds); a new rollover would not finish before the
 * process is killed, so the API is left to `deploy:rollback`, and the history says so.
 */
async function putBack(
  cause: unknown,
  changed: { apiChanged: boolean; webChanged: boolean },
  ctx: ReleaseContext,
  deps: ReleaseDeps,
  session: DeploySession,
): Promise<void> {
  const { logger } = deps;
  if (!changed.apiChanged && !changed.webChanged) {
    logger.info(`\nNothing changed in ${ctx.environment}: both parts still serve what they served before.`);
    return;
  }
  const previous = consistentRelease(session.before);
  logger.section(`Put ${ctx.environment} back on ${previous ?? 'the previous release'} (${describe(cause)})`);
  if (!previous) {
    logger.error(
      `${ctx.environment} had no known release before this deploy (history: api ${session.before.api ?? 'none'}, web ${session.before.web ?? 'none'}), so nothing to put back. ` +
        `Restore it with: npx nx run deploy:rollback --configuration=${ctx.environment} --to=<sha>`,
    );
    return;
  }
  const interrupted = cause instanceof InterruptedError || Boolean(deps.signal?.aborted);
  let manifest: ReleaseManifest;
  try {
    manifest = await readRelease(deps.bucket, previous);
  } catch (err) {
    logger.error(`Cannot put back ${previous}: ${describe(err)}`);
    return;
  }
  if (changed.webChanged) {
    try {
      await session.step('put back web', () =>
        deployWebPart({ from: { kind: 'release', bucket: deps.bucket, manifest }, runtime: ctx.runtime, prefix: ctx.web.prefix, sync: ctx.sync }, { store: deps.webStore, logger, clock: deps.clock }),
      );
      session.serving.web = previous;
    } catch (err) {
      logger.error(`The web could not be put back on ${previous}: ${describe(err)}`);
    }
  }
  if (changed.apiChanged) {
    if (interrupted) {
      logger.error(`Interrupted: the API is not rolled back now (that takes minutes). Run: npx nx run deploy:rollback --configuration=${ctx.environment} --to=${previous}`);
      return;
    }
    try {
      const outcome = await session.step('put back api', () => rollApi(ctx.api, settingsFor(ctx, apiReleaseOf(deps.bucket, manifest)), { ...deps, signal: session.signal }));
      session.serving.api = outcome.success ? previous : outcome.rolledBack ? session.serving.api : UNKNOWN;
      if (!outcome.success) logger.error(`The API could not be put back on ${previous}. Run: npx nx run deploy:rollback --configuration=${ctx.environment} --to=${previous}`);
    } catch (err) {
      logger.error(`The API could not be put back on ${previous}: ${describe(err)}`);
    }
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message.split('\n')[0] : String(err);
}
