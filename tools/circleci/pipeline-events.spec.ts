import { join } from 'node:path';
import { loadCircleConfig } from './load-config';
import { droppedRequirements, JobSelection, PipelineEvent, selectJobs } from './select-jobs';

// Which jobs the real .circleci/config.yml runs for each event users cause.
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

/** The seed's eight gates, plus our real-browser test of the web app. */
const SEED_GATES = ['dependency-scan', 'api-endpoint-tests', 'backend-unit-tests', 'frontend-build', 'frontend-unit-tests', 'lint', 'build-artifacts', 'validate-yaml'];
const GATES = [...SEED_GATES, 'frontend-browser-tests'];
const deployJobs = (env: string) => ['install', ...GATES, `deploy-web-${env}`, `deploy-api-${env}`].sort();
const PREVIEW = ['install', 'dependency-scan', 'frontend-build', 'validate-yaml', 'lint', 'backend-unit-tests', 'frontend-unit-tests', 'frontend-browser-tests', 'api-endpoint-tests', 'deploy-preview', 'owasp-zap-scan'].sort();

describe('pipeline events (.circleci/config.yml)', () => {
  it('tag v1.2.3: production, after the seed\'s eight gates and the browser test', () => {
    expect(run({ kind: 'tag-push', tag: 'v1.2.3' })).toEqual({ production: deployJobs('production') });
  });

  it('push to main: staging, after the same gates', () => {
    expect(run({ kind: 'branch-push', branch: 'main', pullRequest: false })).toEqual({ staging: deployJobs('staging') });
  });

  it('push to a PR branch: checks, the preview after scan + web build + YAML, then ZAP', () => {
    expect(run({ kind: 'branch-push', branch: 'feature/login', pullRequest: true })).toEqual({ preview: PREVIEW });
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

  it('the hourly schedule on main: preview cleanup only', () => {
    expect(run({ kind: 'schedule', branch: 'main' })).toEqual({ 'hourly-cleanup': ['cleanup-previews', 'install'] });
    expect(config.workflows['hourly-cleanup'].triggers?.[0].schedule.cron).toBe('0 * * * *');
    // The seed's schedule named a branch that does not exist (#29): nothing may depend on master.
    expect(run({ kind: 'schedule', branch: 'master' })).toEqual({});
  });

  it('a tag not starting with v (release-1), or the opt-out tag itself: nothing runs', () => {
    expect(run({ kind: 'tag-push', tag: 'release-1' })).toEqual({});
    expect(run({ kind: 'tag-push', tag: 'ignore-owasp' })).toEqual({});
    expect(run({ kind: 'tag-push', tag: 'xv1.2.3' })).toEqual({});
  });

  it('a BRANCH named like a release never deploys to production', () => {
    expect(Object.keys(run({ kind: 'branch-push', branch: 'v1.2.3', pullRequest: true }))).toEqual(['preview']);
  });
});
