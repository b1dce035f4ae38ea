import type { PreviewDeployConfig } from '@eapd/config';
import type { Clock } from '../ports/clock';
import type { Compute, Instance, LaunchSpec, SubnetLookup } from '../ports/compute';
import type { Parameters } from '../ports/parameters';
import { describeParameterPlan, hasChanges, planParameterChanges, type ParameterPlan } from '../parameters/plan-parameters';
import { DeployError, formatDuration } from '../log/errors';
import type { Plan, PlanStep } from '../plan/plan';
import { renderPreviewStartupScript, type PreviewScriptOptions } from '../startup/preview-script';
import { checkPreviewSubnet } from './check-preview-subnet';
import { PREVIEW_ENVIRONMENT, PREVIEW_TAGS, previewInstanceTags } from './preview-tags';
import { describeUserDataSize, userDataSize } from '../startup/user-data';

export interface PreviewDeployRequest {
  /** "owner/name" of the GitHub repository. */
  repository: string;
  pr: number;
  /** The commit to preview: 40 hex digits. */
  sha: string;
  config: PreviewDeployConfig;
  /** The published release of `sha`, as presigned downloads (no credential reaches the instance). */
  release: PreviewScriptOptions['release'];
  instanceType: string;
  waitHealthy: boolean;
  healthTimeoutMs: number;
  runningTimeoutMs: number;
  /** Overrides for the startup script (root, metadata URL, ...); tests and special hosts. */
  script?: Partial<PreviewScriptOptions>;
}

export type PreviewDeployStep =
  | (PlanStep & { action: 'write-parameters'; parameters: ParameterPlan })
  | (PlanStep & { action: 'launch'; spec: LaunchSpec })
  | (PlanStep & { action: 'wait-running'; timeoutMs: number })
  | (PlanStep & { action: 'wait-healthy'; timeoutMs: number })
  | (PlanStep & { action: 'comment' })
  | (PlanStep & { action: 'terminate-older'; knownInstanceIds: string[] });

export interface PreviewDeployPlan extends Plan<PreviewDeployStep> {
  request: Omit<PreviewDeployRequest, 'config' | 'script' | 'release'>;
  existing: Instance[];
  /** What the write-parameters step writes: values, so never printed (the step shows names only). */
  settings: Record<string, string>;
  /** PREVIEW_AWS_SUBNET, checked to give public DNS names. */
  subnetId: string;
}

const SHA = /^[0-9a-f]{40}$/;

/** Checks the request, finds the PR's current previews and lays out the steps. Changes nothing. */
export async function planPreviewDeploy(
  request: PreviewDeployRequest,
  deps: { compute: Compute & SubnetLookup; clock: Clock; parameters: Parameters },
): Promise<PreviewDeployPlan> {
  const { repository, pr, sha, config } = request;
  if (!Number.isInteger(pr) || pr <= 0) {
    throw new DeployError(`"${pr}" is not a pull request number`, { hint: 'Pass --pr=<n> or run in a CircleCI PR build (CIRCLE_PULL_REQUEST).' });
  }
  if (!SHA.test(sha)) {
    throw new DeployError(`"${sha}" is not a full commit SHA (40 lowercase hex digits)`, {
      hint: 'Pass --sha=<commit> or run in CircleCI (CIRCLE_SHA1). Branch names are never used: they could carry shell code.',
    });
  }
  if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(repository)) {
    throw new DeployError(`"${repository}" is not an owner/name GitHub repository`, {
      hint: 'Pass --owner and --repo, or set CIRCLE_PROJECT_USERNAME and CIRCLE_PROJECT_REPONAME.',
    });
  }

  const subnet = await checkPreviewSubnet(config.subnet, deps.compute);
  const existing = await deps.compute.findInstances({
    tags: { [PREVIEW_TAGS.environment]: PREVIEW_ENVIRONMENT, [PREVIEW_TAGS.pr]: String(pr) },
  });
  // Shared by every preview: compared in memory, written only when a value changed.
  const settings = config.instanceEnvironment;
  const parameters = planParameterChanges(config.parameters, settings, await deps.parameters.readPath(config.parameters.path));
  const userData = renderPreviewStartupScript({
    commitSha: sha,
    release: request.release,
    parameters: { path: config.parameters.path, region: config.region },
    ...(config.okta ? { webOkta: { issuer: config.okta.issuer, clientId: config.okta.clientId } } : {}),
    ...request.script,
  });
  const spec: LaunchSpec = {
    imageId: config.ami,
    instanceType: request.instanceType,
    subnetId: config.subnet,
    securityGroupIds: [config.securityGroup],
    userData,
    instanceProfile: config.instanceProfile,
    tags: previewInstanceTags(repository, pr, sha),
    clientToken: `eapd-preview-${pr}-${sha.slice(0, 12)}-${deps.clock.now()}`,
  };

  const short = sha.slice(0, 7);
  const described = describeParameterPlan(parameters);
  const steps: PreviewDeployStep[] = [
    { id: 'write-parameters', action: 'write-parameters', summary: described.summary, details: described.details, mutating: hasChanges(parameters), parameters },
    {
      id: 'launch',
      action: 'launch',
      summary: `Launch a preview instance of PR #${pr} at ${short}`,
      details: [`${config.ami}, ${request.instanceType}, subnet ${config.subnet}, security group ${config.securityGroup}`,
        `tags: ${Object.entries(spec.tags).map(([k, v]) => `${k}=${v}`).join(', ')}`,
        `instance profile ${'arn' in config.instanceProfile ? config.instanceProfile.arn : config.instanceProfile.name}, IMDSv2 only (hop limit 1)`,
        `user data: ${describeUserDataSize(userDataSize(userData))} (settings by reference: ${config.parameters.path}/; the release's archives by presigned URLs, no token on the instance)`],
      mutating: true,
      spec,
    },
    {
      id: 'wait-running',
      action: 'wait-running',
      summary: `Wait until it runs and has a public DNS name (at most ${formatDuration(request.runningTimeoutMs)})`,
      mutating: false,
      timeoutMs: request.runningTimeoutMs,
    },
  ];
  if (request.waitHealthy) {
    steps.push({
      id: 'wait-healthy',
      action: 'wait-healthy',
      summary: `Wait until https://<dns>/api/health answers 200 through nginx (at most ${formatDuration(request.healthTimeoutMs)})`,
      details: ['if it never does: terminate the new instance, keep the current preview, say so on the PR, fail'],
      mutating: false,
      timeoutMs: request.healthTimeoutMs,
    });
  }
  steps.push({ id: 'comment', action: 'comment', summary: `Post or update the preview comment on ${repository}#${pr}`, mutating: true });
  steps.push({
    id: 'terminate-older',
    action: 'terminate-older',
    summary: existing.length
      ? `Terminate the older previews of PR #${pr}: ${existing.map((i) => i.id).join(', ')}`
      : `Terminate older previews of PR #${pr} (none now)`,
    details: ['and any other preview of the PR launched before the new one'],
    mutating: true,
    knownInstanceIds: existing.map((i) => i.id),
  });

  return {
    operation: 'Preview deploy',
    target: `${repository}#${pr}`,
    facts: [
      ['commit', sha],
      ['subnet', subnet],
      ['release', `published ${sha.slice(0, 12)}: the same API and web bytes as staging and production`],
      ['current previews', existing.length ? existing.map((i) => `${i.id} (${i.tags[PREVIEW_TAGS.commit]?.slice(0, 7) ?? '?'}, ${i.state})`).join(', ') : 'none'],
      ['health check', request.waitHealthy ? 'on' : 'off (--no-wait-healthy)'],
    ],
    steps,
    request: { repository, pr, sha, instanceType: request.instanceType, waitHealthy: request.waitHealthy, healthTimeoutMs: request.healthTimeoutMs, runningTimeoutMs: request.runningTimeoutMs },
    existing,
    settings,
    subnetId: config.subnet,
  };
}
