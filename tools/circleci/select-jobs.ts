import { filterAdmits } from './filters';
import { CircleConfig, JobFilters, WorkflowJob, workflowJobs } from './load-config';

/** What started the pipeline. */
export type PipelineEvent =
  | { kind: 'branch-push'; branch: string; pullRequest: boolean }
  | { kind: 'tag-push'; tag: string }
  | { kind: 'schedule'; branch: string };

/** Project settings (not in the config file) that change which pipelines exist. */
export interface ProjectSettings {
  defaultBranch: string;
  /** Advanced > "Only build pull requests". */
  onlyBuildPullRequests: boolean;
}

/** Jobs that run, per workflow (workflows that run no job are left out). */
export type JobSelection = Record<string, string[]>;

/**
 * CircleCI's rules for which jobs run, as this evaluator models them (legacy scheduled
 * workflows and job `filters`; workflow `when`/`unless` and `matrix` are not modelled and
 * are rejected so the model cannot silently drift from the config):
 *
 * 1. With "Only build pull requests", a push to a branch other than the default branch
 *    creates no pipeline unless the branch belongs to a pull request. The default branch
 *    and tags always build.
 * 2. A workflow with `triggers` (schedule) runs only on its schedule, for the branches its
 *    schedule filter admits; a workflow without `triggers` runs only on pushes.
 * 3. On a branch push (or a schedule on a branch) a job's `branches` filter decides; its
 *    `tags` filter is irrelevant. On a tag push only the `tags` filter decides: a job
 *    without a tags filter (or with one that has neither `only` nor `ignore`) never runs on
 *    a tag, and its `branches` filter is irrelevant (hence a `branches: ignore` matching every
 *    branch on tag-only jobs).
 * 4. Patterns: see filters.ts (`/regex/` must match the whole name; `only` before `ignore`).
 * 5. `requires`: a job whose requirements were ALL filtered out does not run; but if at
 *    least one requirement runs, the filtered-out ones are simply dropped and the job runs
 *    (https://discuss.circleci.com/t/jobs-run-if-a-required-job-is-filtered/29598; this is
 *    how the seed's OWASP scan stopped gating anything, seed defect #35). The pipeline
 *    test therefore also asserts that no selected job lost a requirement.
 */
export function selectJobs(config: CircleConfig, event: PipelineEvent, settings: ProjectSettings): JobSelection {
  if (event.kind === 'branch-push' && settings.onlyBuildPullRequests && event.branch !== settings.defaultBranch && !event.pullRequest) {
    return {};
  }
  const selection: JobSelection = {};
  for (const [name, workflow] of Object.entries(config.workflows)) {
    if (name === 'version') continue;
    if (workflow.when !== undefined || workflow.unless !== undefined) {
      throw new Error(`workflow ${name}: when/unless is not modelled by select-jobs.ts; extend it before using it`);
    }
    const scheduled = (workflow.triggers ?? []).length > 0;
    if (event.kind === 'schedule') {
      const fires = (workflow.triggers ?? []).some((t) => filterAdmits(t.schedule.filters?.branches, event.branch));
      if (!fires) continue;
    } else if (scheduled) {
      continue;
    }
    const jobs = runningJobs(workflowJobs(workflow), event, name);
    if (jobs.length > 0) selection[name] = jobs;
  }
  return selection;
}

function jobAdmitted(filters: JobFilters, event: PipelineEvent): boolean {
  if (event.kind === 'tag-push') {
    const tags = filters.tags;
    if (!tags || (tags.only === undefined && tags.ignore === undefined)) return false;
    return filterAdmits(tags, event.tag);
  }
  return filterAdmits(filters.branches, event.branch);
}

function runningJobs(jobs: WorkflowJob[], event: PipelineEvent, workflow: string): string[] {
  const byName = new Map(jobs.map((j) => [j.name, j]));
  for (const j of jobs) {
    if (j.spec.matrix !== undefined) throw new Error(`workflow ${workflow}: matrix jobs are not modelled (${j.name})`);
    for (const r of j.requires) {
      if (!byName.has(r)) throw new Error(`workflow ${workflow}: job ${j.name} requires ${r}, which is not a job of this workflow`);
    }
  }
  const memo = new Map<string, boolean>();
  const runs = (name: string, path: string[]): boolean => {
    if (memo.has(name)) return memo.get(name) as boolean;
    if (path.includes(name)) throw new Error(`workflow ${workflow}: requires cycle ${[...path, name].join(' -> ')}`);
    const job = byName.get(name) as WorkflowJob;
    const result =
      jobAdmitted(job.filters, event) && (job.requires.length === 0 || job.requires.some((r) => runs(r, [...path, name])));
    memo.set(name, result);
    return result;
  };
  return jobs.filter((j) => runs(j.name, [])).map((j) => j.name);
}

/** Selected jobs whose requirements did not all run (a bypassed gate, seed defect #35). */
export function droppedRequirements(config: CircleConfig, selection: JobSelection): string[] {
  const problems: string[] = [];
  for (const [workflow, names] of Object.entries(selection)) {
    for (const job of workflowJobs(config.workflows[workflow])) {
      if (!names.includes(job.name)) continue;
      for (const r of job.requires) if (!names.includes(r)) problems.push(`${workflow}/${job.name} runs without its requirement ${r}`);
    }
  }
  return problems;
}
