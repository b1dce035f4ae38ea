import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadCircleConfig, workflowJobs, type CircleConfig, type WorkflowJob } from './load-config';
import { runCommands } from './nx-invocations';
import { selectJobs, workflowOutcome } from './select-jobs';
import { nxBaseOnMain, setShasSteps, type PipelineRun } from './set-shas';

// The promises the pipeline makes, each checked on the real config through the model of
// CircleCI's behaviour: gates precede deploys, the base of `nx affected` is a green staging
// run, a deploy that did not run turns its workflow red, ZAP can fail a pipeline, boot tests
// gate releases, every test job reports its tests.
const FILE = join(__dirname, '../../.circleci/config.yml');
const config = loadCircleConfig(FILE);
const SETTINGS = { defaultBranch: 'main', onlyBuildPullRequests: true };
const jobsOf = (workflow: string) => workflowJobs(config.workflows[workflow]);
const ancestors = (jobs: WorkflowJob[], name: string): Set<string> => {
  const seen = new Set<string>();
  const walk = (n: string) => jobs.find((j) => j.name === n)?.requires.forEach((r) => (seen.has(r) ? undefined : (seen.add(r), walk(r))));
  walk(name);
  return seen;
};
const commandsOf = (job: string) => runCommands(config.jobs[job].steps);
const GATE_JOBS = ['dependency-scan', 'api-endpoint-tests', 'backend-unit-tests', 'frontend-build', 'frontend-unit-tests', 'lint', 'build-artifacts', 'validate-yaml', 'frontend-browser-tests', 'boot-tests'];

describe('every gate precedes every deploy it should', () => {
  it.each([['production', 'deploy-production'], ['staging', 'deploy-staging']])('%s: %s comes after every gate, on both Node runtimes, and after publishing', (workflow, deploy) => {
    const jobs = jobsOf(workflow);
    const before = ancestors(jobs, deploy);
    const gates = jobs.filter((j) => GATE_JOBS.includes(j.job)).map((j) => j.name);
    expect(gates).toEqual(expect.arrayContaining(['backend-unit-tests-24.22.1', 'backend-unit-tests-20.19', 'boot-tests']));
    expect(gates.filter((g) => !before.has(g))).toEqual([]);
    expect(before.has('publish-release')).toBe(true);
    // ... and nothing on the way can be filtered out while the deploy still runs.
    const event = workflow === 'production' ? { kind: 'tag-push' as const, tag: 'v1.2.3' } : { kind: 'branch-push' as const, branch: 'main', pullRequest: false };
    expect(selectJobs(config, event, SETTINGS)[workflow]).toEqual(expect.arrayContaining([deploy, ...before]));
  });

  it('the preview deploy waits for the dependency scan, the web build and YAML validation; ZAP for a successful preview', () => {
    const jobs = jobsOf('preview');
    expect([...ancestors(jobs, 'deploy-preview')].sort()).toEqual(['dependency-scan', 'frontend-build', 'install', 'validate-yaml']);
    // Default status: success. A failed (or not run) preview deploy means no scan at all.
    expect(jobs.find((j) => j.name === 'owasp-zap-scan')?.requiredStatuses).toEqual({ 'deploy-preview': ['success'] });
  });

  it('a deploy job gets a context, no test or build job does, and a fork never asks for one', () => {
    for (const [workflow, spec] of Object.entries(config.workflows)) {
      for (const j of workflowJobs(spec).filter((x) => x.spec.context)) {
        expect({ workflow, job: j.job }).toEqual({ workflow, job: expect.stringMatching(/^(deploy|deploy-preview|publish-release|cleanup-previews)$/) });
      }
    }
    expect(jobsOf('fork-pull-request').filter((j) => j.spec.context)).toEqual([]);
  });
});

describe('web and API of one environment deploy as one release', () => {
  it('one deploy job per environment runs deploy:release of this commit; nothing deploys web or API alone', () => {
    expect(commandsOf('deploy')[0]).toBe('node_modules/.bin/nx run deploy:release --configuration=<< parameters.deploy-env >> --release=$CIRCLE_SHA1');
    const all = Object.keys(config.jobs).flatMap(commandsOf);
    expect(all.filter((c) => /\b(web|api):deploy\b/.test(c))).toEqual([]);
    for (const workflow of ['production', 'staging']) {
      const deploys = jobsOf(workflow).filter((j) => j.job === 'deploy');
      expect(deploys).toHaveLength(1);
      expect(deploys[0].spec['serial-group']).toBe(`<< pipeline.project.slug >>/deploy-${workflow}`);
    }
  });

  it('a release is published once, after the gates, by one job: a tag promotes its commit\'s release', () => {
    expect(commandsOf('publish-release')).toEqual(['node_modules/.bin/nx run deploy:publish']);
    for (const workflow of ['production', 'staging']) expect(jobsOf(workflow).filter((j) => j.job === 'publish-release')).toHaveLength(1);
    expect(Object.keys(config.jobs).filter((j) => commandsOf(j).some((c) => c.includes('deploy:publish')))).toEqual(['publish-release']);
  });
});

describe('a deploy that did not run makes its workflow red', () => {
  // What each job does when it gets to run: everything succeeds, except the deploy (as given),
  // and the confirm job, which succeeds only if the deploy succeeded (tools/circleci/deploy-record.ts).
  const behave = (deploy: 'success' | 'failed' | 'not_run') => (job: WorkflowJob, reqs: Record<string, string>) => {
    if (job.job === 'deploy') return deploy === 'not_run' ? 'not_run' : deploy;
    if (job.job === 'confirm-deploy') return Object.values(reqs).every((s) => s === 'success') ? 'success' : 'failed';
    return 'success';
  };

  it.each([['production', { kind: 'tag-push' as const, tag: 'v1.2.3' }], ['staging', { kind: 'branch-push' as const, branch: 'main', pullRequest: false }]])(
    '%s: not run (serial-group order protection) or failed -> red; deployed -> green',
    (workflow, event) => {
      const selected = selectJobs(config, event, SETTINGS)[workflow];
      expect(workflowOutcome(config, workflow, selected, behave('success')).status).toBe('success');
      expect(workflowOutcome(config, workflow, selected, behave('failed')).status).toBe('failed');
      const notRun = workflowOutcome(config, workflow, selected, behave('not_run'));
      expect(notRun.jobs[`deploy-${workflow}`]).toBe('not_run');
      expect(notRun.jobs[`confirm-deploy-${workflow}`]).toBe('failed');
      expect(notRun.status).toBe('failed');
    },
  );

  it('the model is not vacuous: without the confirm job, a not-run deploy leaves the workflow green', () => {
    const copy = parse(readFileSync(FILE, 'utf8')) as CircleConfig;
    copy.workflows['staging'].jobs = copy.workflows['staging'].jobs.filter((e) => typeof e === 'string' || !('confirm-deploy' in e));
    const selected = selectJobs(copy, { kind: 'branch-push', branch: 'main', pullRequest: false }, SETTINGS)['staging'];
    expect(workflowOutcome(copy, 'staging', selected, behave('not_run')).status).toBe('success');
  });

  it('every deploy job is confirmed by a job that waits for any terminal status and checks this workflow\'s record', () => {
    for (const workflow of ['production', 'staging']) {
      const confirm = jobsOf(workflow).find((j) => j.job === 'confirm-deploy');
      expect(confirm?.requiredStatuses).toEqual({ [`deploy-${workflow}`]: ['success', 'failed', 'canceled', 'unauthorized', 'not_run'] });
      expect(confirm?.parameters['deploy-env']).toBe(workflow);
    }
    expect(commandsOf('deploy')).toContain('node_modules/.bin/nx run tools:deploy-record --environment=<< parameters.deploy-env >> --write');
    expect(commandsOf('confirm-deploy')).toEqual(['node_modules/.bin/nx run tools:deploy-record --environment=<< parameters.deploy-env >> --confirm']);
  });
});

describe('nx affected on main takes its base from the last GREEN staging run (nx/set-shas)', () => {
  const [params] = setShasSteps(config);
  const cleanupWorkflows = Object.keys(selectJobs(config, { kind: 'scheduled-pipeline', branch: 'main', name: 'hourly-cleanup' }, SETTINGS));
  const stagingWorkflows = Object.keys(selectJobs(config, { kind: 'branch-push', branch: 'main', pullRequest: false }, SETTINGS));
  const cleanup = (revision: string): PipelineRun => ({ revision, workflows: cleanupWorkflows.map((name) => ({ name, status: 'success' })) });
  const staging = (revision: string, status: 'success' | 'failed'): PipelineRun => ({ revision, workflows: stagingWorkflows.map((name) => ({ name, status })) });
  // Newest first: green staging at Z, a red staging at A (broken commit), then a green cleanup run on top of A.
  const history = [cleanup('A'), staging('A', 'failed'), staging('Z', 'success')];

  it('is configured once, with workflow-name staging and no HEAD~1 guess', () => {
    expect(setShasSteps(config)).toEqual([{ 'main-branch-name': 'main', 'workflow-name': 'staging', 'error-on-no-successful-workflow': true }]);
    expect(stagingWorkflows).toEqual(['staging']);
  });

  it('a green cleanup run can never become the base: after a red staging run, the base stays at the last green one', () => {
    expect(nxBaseOnMain(history, params, 'HEAD~1')).toEqual({ base: 'Z' });
    // What the orb did without workflow-name (the bug): the cleanup's green run on A became the base.
    expect(nxBaseOnMain(history, { 'main-branch-name': 'main' }, 'HEAD~1')).toEqual({ base: 'A' });
  });

  it('with no green staging run at all it stops instead of guessing HEAD~1 (bootstrap: nx-mode=run-many)', () => {
    expect(nxBaseOnMain([cleanup('B'), staging('B', 'failed')], params, 'HEAD~1')).toEqual({ error: expect.any(String) });
    expect(config.parameters?.['nx-mode']).toMatchObject({ default: 'affected', enum: ['affected', 'run-many'] });
  });
});

describe('OWASP ZAP can fail a pipeline', () => {
  it('scans with a rules file through tools:zap-scan, the image pinned by digest in one pipeline parameter', () => {
    expect(config.parameters?.['zap-image'].default).toMatch(/^ghcr\.io\/zaproxy\/zaproxy(:[\w.-]+)?@sha256:[0-9a-f]{64}$/);
    const commands = commandsOf('owasp-zap-scan');
    expect(commands.at(-1)).toBe('node_modules/.bin/nx run tools:zap-scan --url-file=tmp/preview/url.txt --image=<< pipeline.parameters.zap-image >> --out=reports/zap');
    expect(JSON.stringify(config)).not.toMatch(/zaproxy:(stable|weekly|latest)"/);
    expect(Object.keys(config.jobs).flatMap(commandsOf).filter((c) => /zap-(baseline|api-scan|full-scan)\.py|docker run/.test(c))).toEqual([]);
  });

  it('keeps the HTML and JSON reports as artifacts (store_artifacts runs even when the scan failed)', () => {
    expect(config.jobs['owasp-zap-scan'].steps).toContainEqual({ store_artifacts: { path: 'reports/zap', destination: 'zap' } });
  });

  it('ignore-owasp still skips it, checked before the scan', () => {
    const commands = commandsOf('owasp-zap-scan');
    expect(commands.findIndex((c) => c.includes('tools:owasp-gate --remote=origin --halt'))).toBeLessThan(commands.findIndex((c) => c.includes('tools:zap-scan')));
  });
});

describe('tests run where they can fail, and CircleCI shows which', () => {
  it('the boot tests run as root on an Ubuntu machine executor with the release\'s Node', () => {
    expect(config.executors?.['ubuntu-machine'].machine?.image).toMatch(/^ubuntu-\d{4}:\d{4}\.\d{2}\.\d+$/);
    expect((config.jobs['boot-tests'] as { executor: string }).executor).toBe('ubuntu-machine');
    expect(config.jobs['boot-tests'].steps).toContain('node/install');
    expect(commandsOf('boot-tests')).toEqual(['sudo env "PATH=$PATH" NX_DAEMON=false node_modules/.bin/nx run deploy:boot-test']);
  });

  it('every job that runs tests stores their JUnit XML', () => {
    const testJobs = Object.keys(config.jobs).filter((j) => commandsOf(j).some((c) => /-t test\b|:test\b|:endpoint-test|:e2e|:boot-test/.test(c)));
    expect(testJobs.sort()).toEqual(['api-endpoint-tests', 'backend-unit-tests', 'boot-tests', 'frontend-browser-tests', 'frontend-unit-tests']);
    for (const job of testJobs) expect({ job, stores: JSON.stringify(config.jobs[job].steps).includes('store-test-reports') }).toEqual({ job, stores: true });
    expect(config.commands?.['store-test-reports'].steps).toEqual([{ store_test_results: { path: 'coverage' } }]);
  });

  it('unit tests write coverage; the upload job prints the summary and uploads with the Codecov orb only when CODECOV_TOKEN is set', () => {
    expect(commandsOf('backend-unit-tests')[0]).toMatch(/ -t test --exclude=web --coverage$/);
    expect(commandsOf('frontend-unit-tests')).toEqual(['node_modules/.bin/nx run web:test --coverage']);
    const steps = config.jobs['coverage-upload'].steps.map((s) => (typeof s === 'string' ? s : Object.keys(s as object)[0]));
    const commands = commandsOf('coverage-upload');
    expect(commands).toEqual(['node_modules/.bin/nx run tools:coverage-summary --dir=coverage', 'node_modules/.bin/nx run tools:require-env --name=CODECOV_TOKEN --halt']);
    expect(steps.indexOf('codecov/upload')).toBe(steps.length - 1);
    expect(config.orbs?.['codecov']).toMatch(/^codecov\/codecov@\d/);
    for (const workflow of ['production', 'staging', 'preview']) {
      expect(jobsOf(workflow).find((j) => j.name === 'coverage-upload')?.requires.sort()).toEqual(['backend-unit-tests-20.19', 'backend-unit-tests-24.22.1', 'frontend-unit-tests']);
    }
  });
});
