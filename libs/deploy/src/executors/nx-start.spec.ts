import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '../../../..');
const probe = join(root, 'libs/deploy/testing/process/loaded-modules.probe.js');

interface NxRun {
  output: string;
  status: number | null;
  /** One entry per Node process of the run (nx itself, the forked executor). */
  processes: { argv: string[]; compilers: string[] }[];
}

/** `nx run …` as CI runs it, each Node process of it reporting the compilers it loaded. */
function nxRun(workspace: string, args: string[]): NxRun {
  const reports = mkdtempSync(join(tmpdir(), 'nx-start-'));
  try {
    const run = spawnSync(process.execPath, [join(workspace, 'node_modules/nx/dist/bin/nx.js'), 'run', ...args], {
      cwd: workspace,
      env: {
        PATH: process.env['PATH'],
        HOME: process.env['HOME'],
        CI: 'true',
        NX_DAEMON: 'false',
        NX_NO_CLOUD: 'true',
        NX_ISOLATE_PLUGINS: 'false',
        NX_TUI: 'false',
        NODE_OPTIONS: `--require ${probe}`,
        LOADED_MODULES_DIR: reports,
      },
      encoding: 'utf8',
      timeout: 240_000,
    });
    const processes = readdirSync(reports).map((f) => JSON.parse(readFileSync(join(reports, f), 'utf8')));
    return { output: `${run.stdout}${run.stderr}`, status: run.status, processes };
  } finally {
    rmSync(reports, { recursive: true, force: true });
  }
}

const executorProcess = (run: NxRun) => run.processes.find((p) => p.argv.some((a) => a.includes('run-executor')));
/** Run-time TypeScript compilers (@swc/core alone is how load-ts.js fills its cache). */
const RUNTIME_COMPILERS = ['typescript', 'ts-node', '@swc-node/core', '@swc-node/register', '@swc-node/sourcemap-support'];

/**
 * Nx loads a workspace plugin's TypeScript executor by loading TypeScript (~0.5 s), registering
 * swc-node and an ESM loader thread, and transpiling every import, in nx and again in the
 * executor's process: ~1.7 s before `web:deploy` could report a missing variable. Our
 * executors are JS entries in libs/deploy-executors (referenced by path, outside any project,
 * so Nx has no reason to load TypeScript) whose sources compile once into node_modules/.cache.
 */
describe('Nx starts the deploy executors without compiling TypeScript at run time', () => {
  jest.setTimeout(600_000);

  it("Nx resolves every deploy executor by path and loads it without TypeScript, ts-node or swc-node", () => {
    const names = Object.keys(JSON.parse(readFileSync(join(root, 'libs/deploy-executors/executors.json'), 'utf8')).executors);
    const script = `
      const { getExecutorInformation } = require('nx/src/command-line/run/executor-utils');
      const projects = ${JSON.stringify(projectRoots())};
      const loaded = {};
      for (const name of ${JSON.stringify(names)}) {
        const info = getExecutorInformation('./libs/deploy-executors', name, process.cwd(), projects);
        loaded[name] = [Object.keys(info.schema.properties).length > 0, typeof info.implementationFactory()];
      }
      const compilers = Object.keys(require.cache).map((p) => /node_modules\\/(typescript|ts-node|@swc-node\\/[\\w-]+)\\//.exec(p)?.[1]).filter(Boolean);
      process.stdout.write(JSON.stringify({ loaded, compilers: [...new Set(compilers)] }));`;
    const run = spawnSync(process.execPath, ['-e', script], { cwd: root, env: { PATH: process.env['PATH'], HOME: process.env['HOME'] }, encoding: 'utf8', timeout: 240_000 });
    const result = JSON.parse(run.stdout.slice(run.stdout.indexOf('{')) || 'null');
    expect(result).toEqual({ loaded: Object.fromEntries(names.map((n) => [n, [true, 'function']])), compilers: [] });
  });

  it('web:deploy: the executor process reports a missing configuration without any run-time TypeScript compiler', () => {
    const dry = nxRun(root, ['web:deploy:staging', '--dry-run', '--skip-build']);
    expect(dry.output).toContain('STAGING_WEB_AWS_S3_BUCKET: is not set');
    expect(executorProcess(dry)?.compilers.filter((c) => RUNTIME_COMPILERS.includes(c))).toEqual([]);
  });

  it('a fresh clone needs no build step: the first run compiles into node_modules/.cache, the next loads no compiler at all', () => {
    const clone = mkdtempSync(join(tmpdir(), 'nx-start-clone-'));
    try {
      copyCommittableFiles(root, clone);
      // `npm ci` stand-in: the installed packages, but no .cache (nothing compiled yet).
      mkdirSync(join(clone, 'node_modules'));
      for (const entry of readdirSync(join(root, 'node_modules'))) {
        if (entry !== '.cache') symlinkSync(join(root, 'node_modules', entry), join(clone, 'node_modules', entry));
      }
      const cache = join(clone, 'node_modules/.cache/eapd-deploy-executors');

      const first = nxRun(clone, ['web:deploy:staging', '--dry-run', '--skip-build']);
      expect(first.output).toContain('STAGING_WEB_AWS_S3_BUCKET: is not set');
      expect(executorProcess(first)?.compilers).toEqual(['@swc/core']);
      // One folder (this compiler's), one entry per compiled source.
      const entries = () => (existsSync(cache) ? readdirSync(cache).flatMap((dir) => readdirSync(join(cache, dir))) : []);
      const compiled = entries().length;
      expect(compiled).toBeGreaterThan(10);

      const second = nxRun(clone, ['web:deploy:staging', '--dry-run', '--skip-build']);
      expect(second.output).toContain('STAGING_WEB_AWS_S3_BUCKET: is not set');
      expect(executorProcess(second)?.compilers).toEqual([]);

      // An edited source is compiled again, never served stale from the cache.
      const reader = join(clone, 'libs/config/src/lib/reader.ts');
      writeFileSync(reader, readFileSync(reader, 'utf8').replace(/is not set/g, 'is missing'));
      const edited = nxRun(clone, ['web:deploy:staging', '--dry-run', '--skip-build']);
      expect(edited.output).toContain('STAGING_WEB_AWS_S3_BUCKET: is missing');
      expect(executorProcess(edited)?.compilers).toEqual(['@swc/core']);
      // …and replaces its entry: the cache does not grow with each edit.
      expect(entries()).toHaveLength(compiled);
    } finally {
      rmSync(clone, { recursive: true, force: true });
    }
  });
});

/** Every project's root by name (what Nx passes when it resolves an executor). */
function projectRoots(): Record<string, { root: string }> {
  const roots: Record<string, { root: string }> = { tools: { root: 'tools' } };
  for (const group of ['apps', 'libs']) {
    for (const dir of readdirSync(join(root, group))) {
      const file = join(root, group, dir, 'project.json');
      if (existsSync(file)) roots[JSON.parse(readFileSync(file, 'utf8')).name] = { root: `${group}/${dir}` };
    }
  }
  return roots;
}

/** What `git clone` would check out of this work tree: tracked and unignored files, as they are now. */
function copyCommittableFiles(from: string, to: string): void {
  const list = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: from, encoding: 'utf8' });
  if (list.status !== 0) throw new Error(`git ls-files failed: ${list.stderr}`);
  for (const file of list.stdout.split('\0').filter(Boolean)) {
    // node_modules: npm ci's (a symlink to a shared install is not ignored by `node_modules/`).
    if (file === 'node_modules' || !existsSync(join(from, file))) continue; // or deleted in the work tree
    mkdirSync(join(to, file, '..'), { recursive: true });
    cpSync(join(from, file), join(to, file));
  }
}
