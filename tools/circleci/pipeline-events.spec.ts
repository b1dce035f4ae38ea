import { join } from 'node:path';
import { loadCircleConfig } from './load-config';
import { droppedRequirements, JobSelection, PipelineEvent, selectJobs } from './select-jobs';

// Which jobs the real .circleci/config.yml runs for each event users (and the scheduler) cause.
// Project setting assumed: "Only build pull requests" ON (see the config's header).
const config = loadCircleConfig(join(__dirname, '../../.circleci/config.yml'));
const SETTINGS = { defaultBranch: 'main', onlyBuildPullRequests: true };
const run = (event: PipelineEvent, settings = SETTINGS): JobSelection => {
  const selection = selectJobs(config, event, settings);
  // A gate that is silently dropped is how the seed's OWASP scan stopped gating (#35).
  expect(droppedRequirements(config, selection)).toEqual([]);
  for (const names of Object.values(selection)) names.sort();
  return selection;
};

const UNIT = ['backend-unit-tests-24.22.1', 'backend-unit-tests-20.19'];
/** The seed's eight gates (backend unit tests on both supported runtimes), the browser test and the boot tests. */
const GATES = ['dependency-scan', 'api-endpoint-tests', ...UNIT, 'frontend-build', 'frontend-unit-tests', 'lint', 'build-artifacts', 'validate-yaml', 'frontend-browser-tests', 'boot-tests'];
const deployJobs = (env: string) => ['install', ...GATES, 'coverage-upload', 'publish-release', `deploy-${env}`, `confirm-deploy-${env}`].sort();
const CHECKS = ['install', 'dependency-scan', 'frontend-build', 'validate-yaml', 'lint', ...UNIT, 'frontend-unit-tests', 'frontend-browser-tests', 'api-endpoint-tests', 'boot-tests'];
const PREVIEW = [...CHECKS, 'coverage-upload', 'deploy-preview', 'owasp-zap-scan'].sort();

describe('pipeline events (.circleci/config.yml)', () => {
  it.each(['v1.2.3', 'v10.0.0', 'v1.2.3-rc.1', 'v2.0.0-beta-2'])('release tag %s: production, after every gate', (tag) => {
    expect(run({ kind: 'tag-push', tag })).toEqual({ production: deployJobs('production') });
  });

  it('tags that are not releases run nothing: the filter is /^v\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?$/, not /^v.*/', () => {
    for (const tag of ['vendor-x', 'v1', 'v1.2', 'v1.2.3.4', 'v1.2.3-', 'v1.2.3+build', 'version-2', 'release-1', 'ignore-owasp', 'xv1.2.3', 'V1.2.3']) {
      expect({ tag, selection: run({ kind: 'tag-push', tag }) }).toEqual({ tag, selection: {} });
    }
  });

  it('push to main: staging, after the same gates', () => {
    expect(run({ kind: 'branch-push', branch: 'main', pullRequest: false })).toEqual({ staging: deployJobs('staging') });
  });

  it('push to a PR branch of this repository: checks, the preview after scan + web build + YAML, then ZAP', () => {
    expect(run({ kind: 'branch-push', branch: 'feature/login', pullRequest: true })).toEqual({ preview: PREVIEW });
  });

  it('a pull request from a fork: every check, no preview, no ZAP, no context, and a notice saying why', () => {
    const selection = run({ kind: 'branch-push', branch: 'feature/login', pullRequest: true, fork: { pr: 77 } });
    expect(selection).toEqual({ 'fork-pull-request': [...CHECKS, 'fork-notice'].sort() });
    const jobs = config.workflows['fork-pull-request'].jobs.map((e) => (typeof e === 'string' ? {} : Object.values(e)[0] ?? {}));
    expect(jobs.filter((j) => j.context !== undefined)).toEqual([]);
  });

  it('push to a branch without a PR: no pipeline', () => {
    expect(run({ kind: 'branch-push', branch: 'feature/wip', pullRequest: false })).toEqual({});
  });

  it('push to a branch without a PR and the setting OFF: the preview jobs run but stop at the PR gate', () => {
    const selection = run({ kind: 'branch-push', branch: 'feature/wip', pullRequest: false }, { ...SETTINGS, onlyBuildPullRequests: false });
    expect(selection).toEqual({ preview: PREVIEW });
    for (const job of ['deploy-preview', 'owasp-zap-scan']) {
      const commands = config.jobs[job].steps.map((s) => JSON.stringify(s));
      const gate = commands.findIndex((c) => c.includes('tools:require-pull-request --halt'));
      const firstWork = commands.findIndex((c) => /api:preview|owasp-gate|zap/.test(c) && !c.includes('require-pull-request'));
      expect(gate).toBeGreaterThan(-1);
      expect(gate).toBeLessThan(firstWork);
    }
  });

  it('the hourly scheduled pipeline runs the preview cleanup and nothing else (every workflow has a when guard)', () => {
    expect(run({ kind: 'scheduled-pipeline', branch: 'main', name: 'hourly-cleanup' })).toEqual({ 'hourly-cleanup': ['cleanup-previews', 'install'] });
    // Another schedule (or one created on another branch) never runs staging, production or previews.
    expect(run({ kind: 'scheduled-pipeline', branch: 'main', name: 'nightly' })).toEqual({});
    expect(run({ kind: 'scheduled-pipeline', branch: 'feature/x', name: 'hourly-cleanup' })).toEqual({ 'hourly-cleanup': ['cleanup-previews', 'install'] });
    for (const [name, workflow] of Object.entries(config.workflows)) expect({ name, guarded: workflow.when !== undefined }).toEqual({ name, guarded: true });
  });

  it('no legacy triggers: a schedule lives in the project settings, where restricted contexts work', () => {
    for (const workflow of Object.values(config.workflows)) expect(workflow.triggers).toBeUndefined();
    expect(run({ kind: 'schedule', branch: 'main' })).toEqual({});
  });

  it('a BRANCH named like a release never deploys to production', () => {
    expect(Object.keys(run({ kind: 'branch-push', branch: 'v1.2.3', pullRequest: true }))).toEqual(['preview']);
  });

  it('a pipeline on main triggered with nx-mode=run-many (bootstrap) runs staging with run-many', () => {
    const selection = run({ kind: 'api', branch: 'main', parameters: { 'nx-mode': 'run-many' } });
    expect(selection).toEqual({ staging: deployJobs('staging') });
  });
});
