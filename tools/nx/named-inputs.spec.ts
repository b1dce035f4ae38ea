import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runNx, WORKSPACE_ROOT } from './run-nx';

// Editing a test must not invalidate a build: the `production` named input (used by
// `build`) excludes specs and test configs. Checked on the inputs Nx actually resolves.
jest.setTimeout(180_000);

const TEST_ONLY = /(\.spec\.[jt]sx?$|\.test\.[jt]sx?$|(^|\/)jest(\.[\w-]+)?\.config\.[cm]?[jt]s$|(^|\/)tsconfig\.spec\.json$|(^|\/)eslint\.config\.mjs$|\/__fixtures__\/)/;
const BUILT = ['config', 'deploy', 'api', 'web'];

describe('nx.json', () => {
  const nxJson = JSON.parse(readFileSync(join(WORKSPACE_ROOT, 'nx.json'), 'utf8'));

  it('caches lint, test and build, and keeps the cache in the repo (git-ignored)', () => {
    for (const target of ['lint', 'test', 'build']) expect(nxJson.targetDefaults[target].cache).toBe(true);
    expect(nxJson.cacheDirectory).toBe('.nx/cache');
    expect(readFileSync(join(WORKSPACE_ROOT, '.gitignore'), 'utf8').split('\n')).toContain('.nx/cache');
    expect(nxJson.targetDefaults.build.inputs).toEqual(['production', '^production']);
  });

  it('build inputs of every built project contain its sources but no spec or test config', async () => {
    const inputs = await Promise.all(BUILT.map(async (p) => JSON.parse(await runNx(['show', 'target', 'inputs', `${p}:build`, '--json'])).files as string[]));
    BUILT.forEach((project, i) => {
      const files = inputs[i];
      expect({ project, hasSources: files.some((f) => /\/src\/.+\.(ts|tsx)$/.test(f) && !TEST_ONLY.test(f)) }).toEqual({ project, hasSources: true });
      expect({ project, testFiles: files.filter((f) => TEST_ONLY.test(f)) }).toEqual({ project, testFiles: [] });
    });
  });

  it('the endpoint and browser tests are cached on inputs that contain their specs (CircleCI restores them)', async () => {
    const [endpoint, e2e] = await Promise.all(
      ['api:endpoint-test', 'web:e2e'].map(async (t) => JSON.parse(await runNx(['show', 'target', 'inputs', t, '--json'])).files as string[])
    );
    const projects = await Promise.all(['api', 'web'].map(async (p) => JSON.parse(await runNx(['show', 'project', p, '--json'])).targets));
    expect([projects[0]['endpoint-test'].cache, projects[1]['e2e'].cache]).toEqual([true, true]);
    expect(endpoint).toEqual(expect.arrayContaining(['apps/api/jest.endpoint.config.cts', expect.stringMatching(/^apps\/api\/src\/.+\.endpoint\.spec\.ts$/)]));
    expect(e2e).toEqual(expect.arrayContaining(['apps/web/jest.e2e.config.cts', expect.stringMatching(/^apps\/web\/e2e\/.+\.e2e\.ts$/)]));
  });

  it('the check above would catch a spec in the inputs (pattern sanity)', () => {
    for (const f of ['libs/deploy/src/plan/plan.spec.ts', 'apps/api/jest.endpoint.config.cts', 'apps/web/tsconfig.spec.json', 'tools/audit/__fixtures__/x.json']) {
      expect(TEST_ONLY.test(f)).toBe(true);
    }
    expect(TEST_ONLY.test('libs/deploy/src/plan/plan.ts')).toBe(false);
  });
});
