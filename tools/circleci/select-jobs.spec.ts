import { parse } from 'yaml';
import { filterAdmits, matchesPattern } from './filters';
import type { CircleConfig } from './load-config';
import { droppedRequirements, selectJobs } from './select-jobs';

// The evaluator's own rules, on small configs written for each rule.
const settings = { defaultBranch: 'main', onlyBuildPullRequests: false };
const config = (yaml: string) => parse(`version: 2.1\njobs: {}\nworkflows:\n${yaml}`) as CircleConfig;

describe('patterns and filters', () => {
  it('regexes written /…/ must match the whole name; plain strings must be equal', () => {
    expect(matchesPattern('/^v.*/', 'v1.2.3')).toBe(true);
    expect(matchesPattern('/v.*/', 'release-v1')).toBe(false);
    expect(matchesPattern('/release-.*/', 'release-1')).toBe(true);
    expect(matchesPattern('main', 'main-2')).toBe(false);
    expect(matchesPattern(['a', '/b.+/'], 'bc')).toBe(true);
  });

  it('considers only before ignore', () => {
    expect(filterAdmits({ only: '/feature\\/.*/', ignore: 'feature/skip' }, 'feature/x')).toBe(true);
    expect(filterAdmits({ only: '/feature\\/.*/', ignore: 'feature/skip' }, 'feature/skip')).toBe(false);
    expect(filterAdmits({ ignore: ['main', 'master'] }, 'main')).toBe(false);
    expect(filterAdmits({}, 'anything')).toBe(true);
  });
});

describe('selectJobs', () => {
  it('never runs a job without a tags filter on a tag push, whatever its branch filter', () => {
    const c = config(`  w:
    jobs:
      - a
      - b: { filters: { tags: { only: /^v.*/ } } }
      - c: { filters: { branches: { ignore: /.*/ }, tags: { only: /^v.*/ } } }
      - d: { filters: { tags: { ignore: /^v.*/ } } }
      - e: { filters: { tags: {} } }`);
    expect(selectJobs(c, { kind: 'tag-push', tag: 'v1.0.0' }, settings)).toEqual({ w: ['b', 'c'] });
    expect(selectJobs(c, { kind: 'tag-push', tag: 'release-1' }, settings)).toEqual({ w: ['d'] });
    expect(selectJobs(c, { kind: 'branch-push', branch: 'main', pullRequest: false }, settings)).toEqual({ w: ['a', 'b', 'd', 'e'] });
  });

  it('a tag-filtered job does not run on a tag when the job it requires has no tag filter', () => {
    const c = config(`  w:
    jobs:
      - build
      - deploy: { requires: [build], filters: { tags: { only: /^v.*/ } } }`);
    expect(selectJobs(c, { kind: 'tag-push', tag: 'v1' }, settings)).toEqual({});
  });

  it('drops a filtered-out requirement when another requirement runs (CircleCI behaviour, seed #35)', () => {
    const c = config(`  w:
    jobs:
      - lint
      - scan: { filters: { branches: { only: main } } }
      - publish: { requires: [lint, scan] }
      - after-scan: { requires: [scan] }`);
    const selection = selectJobs(c, { kind: 'branch-push', branch: 'feature', pullRequest: true }, settings);
    expect(selection).toEqual({ w: ['lint', 'publish'] });
    expect(droppedRequirements(c, selection)).toEqual(['w/publish runs without its requirement scan']);
  });

  it('runs scheduled workflows only on their schedule and branch; others only on pushes', () => {
    const c = config(`  pushed:
    jobs: [a]
  nightly:
    triggers: [{ schedule: { cron: '0 * * * *', filters: { branches: { only: main } } } }]
    jobs: [b]`);
    expect(selectJobs(c, { kind: 'schedule', branch: 'main' }, settings)).toEqual({ nightly: ['b'] });
    expect(selectJobs(c, { kind: 'schedule', branch: 'master' }, settings)).toEqual({});
    expect(selectJobs(c, { kind: 'branch-push', branch: 'main', pullRequest: false }, settings)).toEqual({ pushed: ['a'] });
  });

  it('with "Only build pull requests", a non-PR branch gets no pipeline; main and tags still build', () => {
    const c = config(`  w:
    jobs:
      - a: { filters: { tags: { only: /.*/ } } }`);
    const prOnly = { ...settings, onlyBuildPullRequests: true };
    expect(selectJobs(c, { kind: 'branch-push', branch: 'feature', pullRequest: false }, prOnly)).toEqual({});
    expect(selectJobs(c, { kind: 'branch-push', branch: 'feature', pullRequest: true }, prOnly)).toEqual({ w: ['a'] });
    expect(selectJobs(c, { kind: 'branch-push', branch: 'main', pullRequest: false }, prOnly)).toEqual({ w: ['a'] });
    expect(selectJobs(c, { kind: 'tag-push', tag: 'x' }, prOnly)).toEqual({ w: ['a'] });
  });

  it('uses name: overrides and rejects requirements that are not in the workflow', () => {
    const ok = config(`  w:
    jobs:
      - deploy: { name: deploy-prod }
      - smoke: { requires: [deploy-prod] }`);
    expect(selectJobs(ok, { kind: 'branch-push', branch: 'x', pullRequest: true }, settings)).toEqual({ w: ['deploy-prod', 'smoke'] });
    const bad = config(`  w:
    jobs:
      - smoke: { requires: [deploy] }`);
    expect(() => selectJobs(bad, { kind: 'branch-push', branch: 'x', pullRequest: true }, settings)).toThrow(/requires deploy, which is not a job of this workflow/);
  });
});

describe('matrix, status requires and when (the parts the pipeline uses)', () => {
  it('expands a matrix into <job>-<values> (parameter names in alphabetical order) and its alias into every instance', () => {
    const c = config(`  w:
    jobs:
      - test: { matrix: { parameters: { version: ['24', '20'], os: [linux] } } }
      - report: { requires: [test] }`);
    expect(selectJobs(c, { kind: 'branch-push', branch: 'x', pullRequest: true }, settings)).toEqual({ w: ['test-linux-24', 'test-linux-20', 'report'] });
    expect(droppedRequirements(c, { w: ['test-linux-24', 'report'] })).toEqual(['w/report runs without its requirement test-linux-20']);
  });

  it('evaluates when/unless on pipeline values: scheduled pipelines, fork branches, parameters', () => {
    const c = config(`  pushed:
    when: { not: { equal: [scheduled_pipeline, << pipeline.trigger_source >>] } }
    jobs: [a]
  forks:
    when: { matches: { pattern: '^pull/[0-9]+$', value: << pipeline.git.branch >> } }
    jobs: [f]
  nightly:
    when: { and: [{ equal: [scheduled_pipeline, << pipeline.trigger_source >>] }, { equal: [nightly, << pipeline.schedule.name >>] }] }
    jobs: [b]`);
    expect(selectJobs(c, { kind: 'scheduled-pipeline', branch: 'main', name: 'nightly' }, settings)).toEqual({ nightly: ['b'] });
    expect(selectJobs(c, { kind: 'scheduled-pipeline', branch: 'main', name: 'other' }, settings)).toEqual({});
    expect(selectJobs(c, { kind: 'branch-push', branch: 'main', pullRequest: false }, settings)).toEqual({ pushed: ['a'] });
    expect(selectJobs(c, { kind: 'branch-push', branch: 'x', pullRequest: true, fork: { pr: 3 } }, settings)).toEqual({ pushed: ['a'], forks: ['f'] });
  });
});
