import pLimit from 'p-limit';
import type { Compute, Instance, InstanceState } from '../ports/compute';
import type { PullRequestState, PullRequests } from '../ports/pull-requests';
import type { Plan, PlanStep } from '../plan/plan';
import { PREVIEW_ENVIRONMENT, PREVIEW_TAGS, prNumberOfTag } from './preview-tags';

/** Every state in which a preview instance still exists (and costs money). */
const EXISTING_STATES: InstanceState[] = ['pending', 'running', 'stopping', 'stopped'];

export type PreviewCleanupStep = PlanStep & {
  action: 'remove-previews';
  pr: number;
  prState: Exclude<PullRequestState, 'open'>;
  instanceIds: string[];
};

export interface PreviewCleanupPlan extends Plan<PreviewCleanupStep> {
  /** Instances tagged `environment=preview` without a usable `github-pr` tag: reported, never touched. */
  untagged: Instance[];
  /** Instances of another repository (their `github-repo` tag): not ours to judge. */
  otherRepository: Instance[];
  /** PRs whose state GitHub could not tell us: nothing of theirs is terminated. */
  unknown: Array<{ pr: number; instanceIds: string[]; error: string }>;
  open: number[];
}

/**
 * Lists every preview instance (all pages), asks GitHub for each distinct PR's state and
 * plans to remove the previews of closed and merged PRs. Fail-safe: a PR whose state is
 * unknown keeps its previews (the seed's unauthenticated, unpaginated list terminated live
 * previews, defects #26, #27).
 */
export async function planPreviewCleanup(deps: {
  compute: Compute;
  pullRequests: PullRequests;
  concurrency?: number;
}): Promise<PreviewCleanupPlan> {
  const { compute, pullRequests } = deps;
  const instances = await compute.findInstances({ tags: { [PREVIEW_TAGS.environment]: PREVIEW_ENVIRONMENT }, states: EXISTING_STATES });
  const byPr = new Map<number, Instance[]>();
  const untagged: Instance[] = [];
  const otherRepository: Instance[] = [];
  for (const instance of instances) {
    const repo = instance.tags[PREVIEW_TAGS.repository];
    if (repo !== undefined && repo !== pullRequests.repository) {
      otherRepository.push(instance);
      continue;
    }
    const pr = prNumberOfTag(instance.tags[PREVIEW_TAGS.pr]);
    if (pr === undefined) untagged.push(instance);
    else byPr.set(pr, [...(byPr.get(pr) ?? []), instance]);
  }

  const limit = pLimit(deps.concurrency ?? 4);
  const prs = [...byPr.keys()].sort((a, b) => a - b);
  const answers = await Promise.all(
    prs.map((pr) =>
      limit(async () => {
        try {
          return { pr, state: (await pullRequests.getPullRequest(pr)).state };
        } catch (err) {
          return { pr, error: err instanceof Error ? err.message : String(err) };
        }
      }),
    ),
  );

  const steps: PreviewCleanupStep[] = [];
  const unknown: PreviewCleanupPlan['unknown'] = [];
  const open: number[] = [];
  for (const answer of answers) {
    const ids = (byPr.get(answer.pr) ?? []).map((i) => i.id);
    if ('error' in answer) unknown.push({ pr: answer.pr, instanceIds: ids, error: answer.error ?? 'unknown error' });
    else if (answer.state === 'open') open.push(answer.pr);
    else {
      steps.push({
        id: `remove-pr-${answer.pr}`,
        action: 'remove-previews',
        summary: `PR #${answer.pr} is ${answer.state}: terminate ${ids.join(', ')} and mark its comment "removed"`,
        mutating: true,
        pr: answer.pr,
        prState: answer.state,
        instanceIds: ids,
      });
    }
  }

  return {
    operation: 'Preview cleanup',
    target: pullRequests.repository,
    facts: [
      ['preview instances', String(instances.length)],
      ['pull requests', `${prs.length} (${open.length} open, ${steps.length} closed or merged, ${unknown.length} unknown)`],
      ...unknown.map(({ pr, instanceIds, error }): [string, string] => [`kept PR #${pr}`, `${instanceIds.join(', ')}: ${error}`]),
      ...untagged.map((i): [string, string] => [`no github-pr tag`, `${i.id} (${i.state}) — never terminated by this job`]),
      ...otherRepository.map((i): [string, string] => [`other repository`, `${i.id} (${i.tags[PREVIEW_TAGS.repository]})`]),
    ],
    steps,
    untagged,
    otherRepository,
    unknown,
    open,
  };
}
