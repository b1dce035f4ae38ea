import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runNx } from './run-nx';

// `nx affected -t lint test build --base=X --head=Y` runs the projects that
// `nx show projects --affected` lists for the files changed between X and Y; `--files`
// asks the same question for a given change without making commits in the shared tree.
jest.setTimeout(180_000);

const affectedBy = async (file: string) =>
  (await runNx(['show', 'projects', '--affected', `--files=${file}`])).split('\n').map((l) => l.trim()).filter(Boolean).sort();

/** Touched project + every project that depends on it, transitively, from `nx graph`. */
function expectedFromGraph(graph: Record<string, Array<{ target: string }>>, touched: string): string[] {
  const result = new Set([touched]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [source, deps] of Object.entries(graph)) {
      if (!result.has(source) && deps.some((d) => result.has(d.target))) {
        result.add(source);
        grew = true;
      }
    }
  }
  return [...result].sort();
}

describe('nx affected selects exactly the touched projects and their dependents', () => {
  let graph: Record<string, Array<{ target: string }>>;
  let results: Record<string, string[]>;
  const FILES = {
    config: 'libs/config/src/index.ts',
    web: 'apps/web/src/main.tsx',
    deploySpec: 'libs/deploy/src/plan/plan.spec.ts',
    deployExecutors: 'libs/deploy-executors/load-ts.js',
    toolsScript: 'tools/yaml/validate-yaml.ts',
    pipeline: '.circleci/config.yml',
    lockfile: 'package-lock.json',
    readme: 'README.md'
  };

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nx-graph-'));
    try {
      const [, ...lists] = await Promise.all([
        runNx(['graph', `--file=${join(dir, 'graph.json')}`]),
        ...Object.values(FILES).map(affectedBy)
      ]);
      graph = JSON.parse(readFileSync(join(dir, 'graph.json'), 'utf8')).graph.dependencies;
      results = Object.fromEntries(Object.keys(FILES).map((k, i) => [k, lists[i]]));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a change in libs/config selects config and everything built on it (deploy, api, and web through the API types)', () => {
    expect(results['config']).toEqual(expect.arrayContaining(['config', 'deploy', 'api']));
    expect(results['config']).toEqual(expectedFromGraph(graph, 'config'));
    // The web build type-checks against types generated from the API's OpenAPI document, whose
    // schemas read libs/config: web depends on api (and only on api), so a config change reaches it.
    expect(graph['web'].map((d) => d.target)).toEqual(['api']);
    expect(results['config']).toContain('web');
  });

  it('a change in apps/web selects only web', () => {
    expect(results['web']).toEqual(['web']);
  });

  it('a change in tools/ selects tools only (nothing depends on it)', () => {
    expect(results['toolsScript']).toEqual(expectedFromGraph(graph, 'tools'));
    expect(results['toolsScript']).toEqual(['tools']);
  });

  it('a change to .circleci/config.yml selects tools, whose specs test the pipeline', () => {
    expect(results['pipeline']).toEqual(['tools']);
  });

  it('a change to package-lock.json (a shared global input) selects every project', () => {
    expect(results['lockfile']).toEqual(Object.keys(graph).sort());
    expect(results['lockfile']).toEqual(expect.arrayContaining(['api', 'web', 'config', 'deploy', 'tools']));
  });

  it('a change to the README selects only tools (whose spec checks the README against the config and targets)', () => {
    expect(results['readme']).toEqual(['tools']);
  });

  it('a change to libs/deploy-executors (how Nx loads the deploy executors; in no project) selects deploy, whose specs test it', () => {
    expect(results['deployExecutors']).toContain('deploy');
  });

  it('a change to a spec in libs/deploy selects deploy and its dependents only', () => {
    expect(results['deploySpec']).toContain('deploy');
    expect(results['deploySpec']).toEqual(expectedFromGraph(graph, 'deploy'));
    expect(results['deploySpec']).not.toContain('config');
  });
});
