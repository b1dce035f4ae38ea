import { filterAdmits } from './filters';
import { CircleConfig, JobFilters, JobStatus, WorkflowJob, workflowJobs } from './load-config';
import { evaluateLogic, eventBranch, pipelineValues, type PipelineEvent } from './pipeline-values';

export type { PipelineEvent } from './pipeline-values';

/** Project settings (not in the config file) that change which pipelines exist. */
export interface ProjectSettings {
  defaultBranch: string;
  /** Advanced > "Only build pull requests". */
  onlyBuildPullRequests: boolean;
}

/** Jobs that run, per workflow (workflows that run no job are left out). */
export type JobSelection = Record<string, string[]>;

/**
 * CircleCI's rules for which jobs run, as this evaluator models them:
 *
 * 1. With "Only build pull requests", a push to a branch other than the default branch
 *    creates no pipeline unless the branch belongs to a pull request. The default branch,
 *    tags and scheduled pipelines always build.
 * 2. A workflow runs only when its `when` holds and its `unless` does not, evaluated on the
 *    pipeline values (`pipeline.trigger_source`, `pipeline.git.branch`, `pipeline.schedule.name`,
 *    pipeline parameters …). A workflow without `when` runs on every pipeline, scheduled
 *    pipelines included (hence a guard on every workflow).
 * 3. A workflow with legacy `triggers` (schedule) runs only on its schedule; one without runs
 *    only on pipelines (push, API, scheduled pipeline).
 * 4. On a branch (forked pull requests: branch `pull/<n>`) a job's `branches` filter decides;
 *    its `tags` filter is irrelevant. On a tag push only the `tags` filter decides: a job
 *    without one never runs on a tag (hence `branches: ignore` on tag-only jobs).
 * 5. Patterns: see filters.ts (`/regex/` must match the whole name; `only` before `ignore`).
 * 6. `requires`: a job whose requirements were ALL filtered out does not run; if at least one
 *    runs, the filtered-out ones are dropped and the job runs (seed defect #35), so the tests
 *    also assert that no selected job lost a requirement. A matrix alias stands for every
 *    instance of the matrix.
 */
export function selectJobs(config: CircleConfig, event: PipelineEvent, settings: ProjectSettings): JobSelection {
  if (event.kind === 'branch-push' && settings.onlyBuildPullRequests && event.branch !== settings.defaultBranch && !event.pullRequest && !event.fork) {
    return {};
  }
  const values = pipelineValues(config, event);
  const selection: JobSelection = {};
  for (const [name, workflow] of Object.entries(config.workflows)) {
    if (name === 'version') continue;
    const scheduled = (workflow.triggers ?? []).length > 0;
    if (event.kind === 'schedule') {
      const fires = (workflow.triggers ?? []).some((t) => filterAdmits(t.schedule.filters?.branches, event.branch));
      if (!fires) continue;
    } else if (scheduled) {
      continue;
    }
    if (!evaluateLogic(workflow.when, values)) continue;
    if (workflow.unless !== undefined && evaluateLogic(workflow.unless, values)) continue;
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
  return filterAdmits(filters.branches, eventBranch(event) ?? '');
}

function runningJobs(jobs: WorkflowJob[], event: PipelineEvent, workflow: string): string[] {
  const byName = new Map(jobs.map((j) => [j.name, j]));
  for (const j of jobs) {
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

/**
 * How a workflow ends, given what each job does when it gets to run. A job starts only when
 * every requirement reached one of the statuses it waits for (default: success); otherwise it
 * is `not_run`. The workflow fails when a job failed; `not_run` jobs alone leave it green —
 * which is why a deploy that CircleCI did not run needs a job that turns it red.
 */
export function workflowOutcome(
  config: CircleConfig,
  workflow: string,
  selected: string[],
  behave: (job: WorkflowJob, requirements: Record<string, JobStatus>) => JobStatus,
): { status: 'success' | 'failed'; jobs: Record<string, JobStatus> } {
  const jobs = workflowJobs(config.workflows[workflow]).filter((j) => selected.includes(j.name));
  const status: Record<string, JobStatus> = {};
  const settle = (job: WorkflowJob): JobStatus => {
    if (status[job.name]) return status[job.name];
    const reqs: Record<string, JobStatus> = {};
    for (const r of job.requires.filter((n) => selected.includes(n))) reqs[r] = settle(jobs.find((j) => j.name === r) as WorkflowJob);
    const ready = Object.entries(reqs).every(([r, s]) => job.requiredStatuses[r].includes(s));
    return (status[job.name] = ready ? behave(job, reqs) : 'not_run');
  };
  jobs.forEach(settle);
  return { status: Object.values(status).some((s) => s === 'failed') ? 'failed' : 'success', jobs: status };
}
