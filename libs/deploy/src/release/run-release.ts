import { runDeploySession } from '../deploy-session/deploy-session';
import { rollbackTarget, servingNow, type ServingState } from '../history/environment-state';
import { HistoryLog } from '../history/history-log';
import { describeLockState, inspectLock, type LockTiming } from '../lock/environment-lock';
import { DeployError } from '../log/errors';
import { formatPlan, type Plan, type PlanStep } from '../plan/plan';
import { readRelease } from '../releases/read-release';
import type { ReleaseManifest } from '../releases/manifest';
import { rollApi } from '../api-release/roll-api';
import { apiReleaseOf } from '../api-release/release-artifact';
import { deployWebPart } from '../web-release/deploy-web-part';
import { deployBothParts } from './deploy-both-parts';
import type { ReleaseContext, ReleaseDeps } from './release-types';

export interface ReleaseRequest {
  /** deploy:release (`release` given) or deploy:rollback (`release` given with --to, else from the history). */
  kind: 'release' | 'rollback';
  release?: string;
  dryRun: boolean;
  who: string;
  where: string;
  /** The git tag of the release, when one is known. */
  tagOf?: (release: string) => string | undefined;
  lockTiming?: LockTiming;
}

/** What the run will do, as data: printed first, and alone by --dry-run. */
export function planRelease(kind: ReleaseRequest['kind'], manifest: ReleaseManifest, before: ServingState, lock: string, ctx: ReleaseContext, deps: ReleaseDeps): Plan {
  const previous = before.api && before.api === before.web ? before.api : undefined;
  const steps: PlanStep[] = [
    { id: 'lock', action: 'lock', summary: `Take the ${ctx.environment} lock and record the start in the history`, mutating: true },
    { id: 'verify', action: 'verify', summary: `Check the API archive of ${manifest.release} against the manifest (SHA-256)`, mutating: false },
    { id: 'api', action: 'api', summary: `Roll the API over to ${manifest.release} (its own plan follows)`, mutating: true },
    {
      id: 'web',
      action: 'web',
      summary: `Sync the web build of ${manifest.release} and /config.json to ${deps.webStore.location}/${ctx.web.prefix}`,
      details: [`every file checked against the manifest; config.json: apiUrl ${ctx.runtime.apiUrl}, Okta ${ctx.runtime.okta ? 'on' : 'off'}`],
      mutating: true,
    },
    { id: 'finish', action: 'finish', summary: 'Record the outcome and per-step durations, release the lock', mutating: true },
  ];
  return {
    operation: kind === 'rollback' ? 'Rollback (both parts)' : 'Release deploy (both parts)',
    target: ctx.environment,
    facts: [
      ['release', `${manifest.release} (published ${manifest.published.at} by ${manifest.published.by})`],
      ['serving now', `api ${before.api ?? 'none recorded'}, web ${before.web ?? 'none recorded'}`],
      ['lock', lock],
      ['if a part fails', previous ? `both parts go back to ${previous}` : 'no earlier release recorded: nothing to go back to'],
    ],
    steps,
  };
}

/**
 * deploy:release and deploy:rollback: both parts of one release under the environment lock,
 * recorded in the history; either part failing puts both back (deploy-both-parts.ts).
 */
export async function runRelease(request: ReleaseRequest, ctx: ReleaseContext, deps: ReleaseDeps): Promise<void> {
  const { bucket, clock, logger } = deps;
  const history = new HistoryLog(bucket.store, bucket.layout);
  const entries = await history.read(ctx.environment);
  const target = request.release ?? defaultRollbackTarget(entries, ctx.environment);
  const manifest = await readRelease(bucket, target);
  const lock = describeLockState(await inspectLock(ctx.environment, { ...bucket, clock }), clock.now());
  logger.info(formatPlan(planRelease(request.kind, manifest, servingNow(entries), lock, ctx, deps)));
  if (request.dryRun) {
    // The parts' own plans, read from AWS and the buckets; nothing is changed.
    await rollApi(ctx.api, { ...ctx.rollover, kind: 'deploy', dryRun: true, release: apiReleaseOf(bucket, manifest) }, { ...deps });
    await deployWebPart(
      { from: { kind: 'release', bucket, manifest }, runtime: ctx.runtime, prefix: ctx.web.prefix, sync: { ...ctx.sync, dryRun: true } },
      { store: deps.webStore, logger, clock },
    );
    return;
  }
  const tag = request.tagOf?.(manifest.release);
  await runDeploySession(
    {
      kind: request.kind,
      environment: ctx.environment,
      release: manifest.release,
      operation: request.kind === 'rollback' ? 'deploy:rollback' : 'deploy:release',
      published: true,
      who: request.who,
      where: request.where,
      ...(tag ? { tag } : {}),
    },
    { bucket, clock, logger, signal: deps.signal, lockTiming: request.lockTiming },
    async (session) => {
      // Someone may have deployed between the plan and the lock: a default rollback target follows.
      if (request.kind === 'rollback' && !request.release) {
        const now = defaultRollbackTarget(session.history, ctx.environment);
        if (now !== manifest.release) throw new DeployError(`The history changed while waiting for the lock: the previous release is now ${now}, not ${manifest.release}. Nothing was changed.`, { hint: 'Run deploy:rollback again.' });
      }
      await deployBothParts(manifest, ctx, { ...deps, signal: session.signal }, session);
    },
  );
  logger.info(`\n${ctx.environment} serves release ${manifest.release} (API and web).`);
}

function defaultRollbackTarget(entries: Parameters<typeof rollbackTarget>[0], environment: string): string {
  const target = rollbackTarget(entries);
  if (!target) {
    throw new DeployError(`Nothing to roll back to: ${environment}'s history records no earlier successful release.`, {
      hint: `Name one: npx nx run deploy:rollback --configuration=${environment} --to=<git-sha> (any published release); npx nx run deploy:history --configuration=${environment} lists them.`,
    });
  }
  return target.release;
}
