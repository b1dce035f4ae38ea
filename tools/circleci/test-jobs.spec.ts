import { join } from 'node:path';
import { loadCircleConfig } from './load-config';
import { nxInvocations } from './nx-invocations';
import { workspaceTargets } from './workspace-targets';

// Each suite runs in exactly the job meant for it: a suite in two jobs wastes minutes, a
// suite in none (or an --exclude that Nx swallows) is a gate that silently stopped gating.
const ROOT = join(__dirname, '../..');
const config = loadCircleConfig(join(ROOT, '.circleci/config.yml'));
const targets = workspaceTargets(ROOT);

/** `project:target` → the jobs whose `nx` calls run it (affected/run-many expanded over projects). */
function jobsRunning(): Map<string, string[]> {
  const runs = new Map<string, Set<string>>();
  const add = (task: string, job: string) => runs.set(task, (runs.get(task) ?? new Set()).add(job));
  for (const call of nxInvocations(config)) {
    const job = call.where.replace(/^(jobs|commands)\./, '');
    if (call.project) {
      add(`${call.project}:${call.target}`, job);
      continue;
    }
    const excluded = (call.command.match(/--exclude[= ](\S+)/)?.[1] ?? '').split(',');
    for (const [project, projectTargets] of targets) {
      if (projectTargets.has(call.target) && !excluded.includes(project)) add(`${project}:${call.target}`, job);
    }
  }
  return new Map([...runs].map(([task, jobs]) => [task, [...jobs].sort()]));
}

describe('which CircleCI job runs which suite', () => {
  const runs = jobsRunning();
  const suites = ['api:test', 'config:test', 'deploy:test', 'tools:test', 'web:test', 'api:endpoint-test', 'web:e2e', 'deploy:boot-test'];

  it('unit, endpoint and browser tests each run in exactly their own job', () => {
    expect(Object.fromEntries(suites.map((s) => [s, runs.get(s) ?? []]))).toEqual({
      'api:test': ['backend-unit-tests'],
      'config:test': ['backend-unit-tests'],
      'deploy:test': ['backend-unit-tests'],
      'tools:test': ['backend-unit-tests'],
      'web:test': ['frontend-unit-tests'],
      'api:endpoint-test': ['api-endpoint-tests'],
      'web:e2e': ['frontend-browser-tests'],
      // As root on an Ubuntu machine executor (and in .ci/run on a disposable Debian machine).
      'deploy:boot-test': ['boot-tests'],
    });
  });

  it('every project with a test target is tested by some job (a new project cannot be forgotten)', () => {
    const untested = [...targets].filter(([project, t]) => t.has('test') && !runs.has(`${project}:test`)).map(([p]) => p);
    expect(untested).toEqual([]);
  });

  it('deploys: only deploy:release, once per environment configuration, without a swallowed --exclude', () => {
    const deployCalls = nxInvocations(config).filter((c) => /:(deploy|release|publish)$/.test(`${c.project}:${c.target}`));
    expect(deployCalls.map((c) => `${c.where} ${c.project}:${c.target} ${c.configuration ?? ''}`.trim()).sort()).toEqual([
      'jobs.deploy deploy:release production',
      'jobs.deploy deploy:release staging',
      'jobs.publish-release deploy:publish',
    ]);
    // Nx consumes --exclude itself for any `nx run`; the s3-sync option's CLI alias is --ignore.
    for (const call of nxInvocations(config).filter((c) => c.project)) expect(call.command).not.toMatch(/--exclude\b/);
  });
});
