import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCircleConfig, workflowJobs } from './load-config';

// One runtime for releases: .nvmrc names the exact Node.js version instances and previews
// install (libs/deploy/src/startup reads it) and CI's images run; the unit suites also run on
// Node 20, which these development machines still have.
const ROOT = join(__dirname, '../..');
const config = loadCircleConfig(join(ROOT, '.circleci/config.yml'));
const nvmrc = readFileSync(join(ROOT, '.nvmrc'), 'utf8').trim();
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

/** npm's reading of `^a.b.c || ^x.y.z` (the only form engines uses here). */
function satisfies(version: string, range: string): boolean {
  const [major, minor, patch] = version.split('.').map(Number);
  return range.split('||').some((part) => {
    const m = /^\s*\^(\d+)\.(\d+)\.(\d+)\s*$/.exec(part);
    if (!m) throw new Error(`engines range "${range}" is not of the form ^a.b.c || ^x.y.z`);
    const [, a, b, c] = m.map(Number);
    return major === a && (minor > b || (minor === b && patch >= c));
  });
}

describe('Node.js runtime', () => {
  it('.nvmrc is an exact release of the current LTS line (24)', () => {
    expect(nvmrc).toMatch(/^24\.\d+\.\d+$/);
  });

  it('every CI image runs the .nvmrc version; the unit-test matrix adds Node 20', () => {
    const images = Object.values(config.executors ?? {}).flatMap((e) => (e.docker ?? []).map((d) => d.image)).filter((i) => i.startsWith('cimg/node:'));
    expect(images).toEqual(expect.arrayContaining([`cimg/node:${nvmrc}-browsers`]));
    for (const image of images) expect(image).toMatch(new RegExp(`^cimg/node:(${nvmrc.replace(/\./g, '\\.')}(-browsers)?|<< parameters\\.version >>)$`));
    expect(config.executors?.['node'].parameters?.['version'].default).toBe(nvmrc);
    for (const workflow of ['production', 'staging', 'preview', 'fork-pull-request']) {
      const versions = workflowJobs(config.workflows[workflow]).filter((j) => j.job === 'backend-unit-tests').map((j) => String(j.parameters['node-version']));
      expect({ workflow, versions }).toEqual({ workflow, versions: [nvmrc, expect.stringMatching(/^20\./)] });
    }
    // The coverage that is uploaded comes from the release runtime.
    expect(JSON.stringify(config.jobs['backend-unit-tests'].steps)).toContain(`"equal":["${nvmrc}","<< parameters.node-version >>"]`);
  });

  it('engines admits the release runtime and the Node 20 the development machines run', () => {
    for (const version of [nvmrc, '20.19.0', process.versions.node]) expect({ version, ok: satisfies(version, pkg.engines.node) }).toEqual({ version, ok: true });
    expect(satisfies('22.12.0', pkg.engines.node)).toBe(false);
    expect(satisfies('18.20.0', pkg.engines.node)).toBe(false);
  });
});

describe('what the artifact ships is what the audit scans', () => {
  it('pm2 (bundled into the API artifact, run on every host) is a production dependency, and the audit omits only dev dependencies', () => {
    expect(pkg.dependencies.pm2).toBeDefined();
    expect(pkg.devDependencies.pm2).toBeUndefined();
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8'));
    expect(lock.packages['node_modules/pm2'].dev).toBeUndefined();
    expect(readFileSync(join(ROOT, 'tools/audit/audit-policy.ts'), 'utf8')).toContain("['audit', '--omit=dev', '--json']");
    expect(readFileSync(join(ROOT, 'libs/deploy/src/executors/artifact/executor.ts'), 'utf8')).toContain("extra['pm2'] = workspaceVersionOf('pm2', root)");
  });

  it('the packages the instance runs to read its Parameter Store secrets ship as production dependencies too', () => {
    const source = readFileSync(join(ROOT, 'libs/deploy/src/startup/read-parameters.ts'), 'utf8');
    const names = JSON.parse((/READ_PARAMETERS_PACKAGES = (\[[^\]]*\])/.exec(source)?.[1] ?? '[]').replace(/'/g, '"')) as string[];
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      expect([name, pkg.dependencies[name]]).toEqual([name, expect.any(String)]);
      expect([name, pkg.devDependencies[name]]).toEqual([name, undefined]);
    }
    expect(readFileSync(join(ROOT, 'libs/deploy/src/executors/artifact/executor.ts'), 'utf8')).toContain('READ_PARAMETERS_PACKAGES.map');
  });
});
