import type { Clock } from '../ports/clock';
import type { Compute, Instance } from '../ports/compute';
import type { Parameters } from '../ports/parameters';
import { applyParameterPlan } from '../parameters/apply-parameters';
import type { PullRequests } from '../ports/pull-requests';
import { DeployError } from '../log/errors';
import type { DeployLogger } from '../log/logger';
import { applyPlan, PlanStepError } from '../plan/apply-plan';
import type { HealthProbe } from './health-probe';
import type { PreviewDeployPlan } from './plan-preview-deploy';
import { PREVIEW_ENVIRONMENT, PREVIEW_TAGS } from './preview-tags';
import { consoleTail, failedCommentBody, previewUrl } from './preview-comment';
import { postDeployedComment } from './upsert-preview-comment';
import { writePreviewComment } from './write-preview-comment';
import { waitForPublicDns } from './wait-for-instance';
import { waitForHealthy } from './wait-for-health';

export interface PreviewDeployDeps {
  compute: Compute;
  parameters: Parameters;
  pullRequests: PullRequests;
  health: HealthProbe;
  clock: Clock;
  logger: DeployLogger;
  signal?: AbortSignal;
  /** Masks secrets in text we publish (the console tail). */
  redact?: (text: string) => string;
}

export interface PreviewDeployResult {
  instanceId: string;
  url: string;
  terminated: string[];
}

/**
 * Carries out a preview plan. The old preview is terminated only after the new one is
 * healthy and the PR links to it, so a newer push replaces a preview without a gap. When the
 * new instance fails, it is terminated, the old preview is kept, and the PR comment says so.
 */
export async function applyPreviewDeploy(plan: PreviewDeployPlan, deps: PreviewDeployDeps): Promise<PreviewDeployResult> {
  const { compute, logger } = deps;
  const { pr, sha } = plan.request;
  let launched: Instance | undefined;
  let dns: string | undefined;
  let terminated: string[] = [];
  // Steps run in order, so a later step always finds what an earlier one set.
  const newInstance = () => must(launched, 'the new instance');
  const newDns = () => must(dns, 'the public DNS name');

  try {
    await applyPlan(plan, async (step) => {
      switch (step.action) {
        case 'write-parameters':
          await applyParameterPlan(step.parameters, plan.settings, deps);
          return;
        case 'launch': {
          [launched] = await compute.launch(step.spec);
          if (!launched) throw new DeployError('EC2 launched no instance');
          logger.info(`launched ${launched.id}`);
          return;
        }
        case 'wait-running': {
          const running = await waitForPublicDns(newInstance().id, { timeoutMs: step.timeoutMs, subnetId: plan.subnetId }, deps);
          launched = running;
          dns = running.publicDnsName;
          logger.info(`${running.id} is running at ${dns}`);
          return;
        }
        case 'wait-healthy':
          await waitForHealthy(newInstance().id, `${previewUrl(newDns())}api/health`, { timeoutMs: step.timeoutMs }, deps);
          logger.info(`${previewUrl(newDns())} is healthy`);
          return;
        case 'comment':
          await postDeployedComment(plan, { instance: newInstance(), dns: newDns() }, deps);
          return;
        case 'terminate-older': {
          // Look again: a preview launched by a concurrent, older job counts as older too,
          // while one launched after ours (a newer push) is left for its own job.
          const live = await compute.findInstances({ tags: { [PREVIEW_TAGS.environment]: PREVIEW_ENVIRONMENT, [PREVIEW_TAGS.pr]: String(pr) } });
          const ours = newInstance();
          terminated = live.filter((i) => i.id !== ours.id && i.launchedAt.getTime() <= ours.launchedAt.getTime()).map((i) => i.id);
          if (terminated.length) await compute.terminate(terminated);
          logger.info(terminated.length ? `terminated ${terminated.join(', ')}` : 'no older previews to terminate');
          return;
        }
      }
    }, deps);
  } catch (err) {
    const stepError = err instanceof PlanStepError ? err : undefined;
    const failedAction = (stepError?.step as { action?: string } | undefined)?.action;
    const cause = stepError?.cause ?? err;
    if (launched && (failedAction === 'wait-running' || failedAction === 'wait-healthy')) {
      await rollBackNewInstance(plan, launched, cause, deps);
    }
    if (failedAction === 'comment') {
      throw new DeployError(`The preview ${launched?.id} is up at ${previewUrl(dns ?? '?')} but the PR comment could not be written`, {
        cause,
        hint: `No preview was terminated. Run the job again; it replaces both. (${messageOf(cause)})`,
      });
    }
    if (cause instanceof DeployError) throw cause;
    throw new DeployError(`Preview deploy of ${sha.slice(0, 7)} for PR #${pr} failed: ${messageOf(cause)}`, { cause });
  }
  return { instanceId: newInstance().id, url: previewUrl(newDns()), terminated };
}

/** Terminate the failed new instance, keep the old preview, tell the PR with the console tail. */
async function rollBackNewInstance(plan: PreviewDeployPlan, launched: Instance, cause: unknown, deps: PreviewDeployDeps): Promise<void> {
  const { compute, pullRequests, clock, logger } = deps;
  const { pr, sha } = plan.request;
  logger.section(`Roll back: the new preview ${launched.id} did not come up`);
  let tail = '';
  try {
    tail = consoleTail(await compute.consoleOutput(launched.id));
  } catch (e) {
    logger.warn(`could not read the console output of ${launched.id}: ${messageOf(e)}`);
  }
  const redacted = deps.redact ? deps.redact(tail) : tail;
  if (redacted) logger.info(`console output of ${launched.id} (last lines):\n${redacted}`);
  await compute.terminate([launched.id]);
  logger.info(`terminated ${launched.id}; the current preview (if any) is kept`);
  try {
    const written = await writePreviewComment(
      pullRequests,
      pr,
      ({ state }) => {
        if (state && state.launchedAt > launched.launchedAt.getTime()) {
          logger.info(`the PR comment links a newer preview (${state.instanceId}); leaving it`);
          return undefined;
        }
        return failedCommentBody({ sha, instanceId: launched.id, reason: messageOf(cause), consoleTail: redacted }, state, new Date(clock.now()));
      },
      deps,
    );
    if (written.outcome !== 'left') logger.info(`told ${pullRequests.repository}#${pr} that commit ${sha.slice(0, 7)} failed`);
  } catch (e) {
    logger.warn(`could not update the PR comment about the failure: ${messageOf(e)}`);
  }
}

function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new DeployError(`Internal error: ${what} is not known at this step`);
  return value;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
