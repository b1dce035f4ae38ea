import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '../../../..');

/**
 * libs/deploy-executors/load-ts.js's compile cache, in a workspace of its own (the cache lives
 * under the workspace's node_modules/.cache): a developer editing the deploy sources all day must
 * not grow it by one file per edit, and an upgrade of @swc/core must not leave the old one behind.
 */
describe('the executors compile cache (load-ts.js)', () => {
  let workspace: string;
  let cacheRoot: string;
  let source: string;

  beforeEach(() => {
    workspace = mkdtempSync(join(tmpdir(), 'compile-cache-'));
    mkdirSync(join(workspace, 'libs/deploy-executors'), { recursive: true });
    copyFileSync(join(root, 'libs/deploy-executors/load-ts.js'), join(workspace, 'libs/deploy-executors/load-ts.js'));
    writeFileSync(join(workspace, 'tsconfig.base.json'), '{ "compilerOptions": {} }');
    mkdirSync(join(workspace, 'node_modules'));
    symlinkSync(join(root, 'node_modules/@swc'), join(workspace, 'node_modules/@swc'));
    cacheRoot = join(workspace, 'node_modules/.cache/eapd-deploy-executors');
    source = join(workspace, 'libs/answer.ts');
  });

  afterEach(() => rmSync(workspace, { recursive: true, force: true }));

  /**
   * requireTs of `source` in a fresh Node process: what it exports, whether it compiled, and the
   * .ts line of a stack frame through the inline source map (the cache's stamp must not move it).
   */
  function load(text: string): { answer: string; compiled: boolean; line: number } {
    writeFileSync(source, text);
    const program = `
      const { requireTs } = require(${JSON.stringify(join(workspace, 'libs/deploy-executors/load-ts.js'))});
      const m = requireTs(${JSON.stringify(source)});
      const line = Number(/answer\\.ts:(\\d+)/.exec(m.where().stack)[1]);
      const compiled = Object.keys(require.cache).some((p) => p.includes('@swc/core'));
      process.stdout.write(JSON.stringify({ answer: m.answer, compiled, line }));`;
    const run = spawnSync(process.execPath, ['--enable-source-maps', '-e', program], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(run.stderr);
    return JSON.parse(run.stdout);
  }
  const sourceOf = (answer: string) =>
    `const greeting: string = ${JSON.stringify(answer)};\nexport const answer = greeting;\nexport function where(): Error {\n  return new Error('here');\n}\n`;
  const entries = () => readdirSync(cacheRoot).flatMap((dir) => readdirSync(join(cacheRoot, dir)).map((f) => `${dir}/${f}`));

  it('compiles a source once; the next process reads it back without loading the compiler', () => {
    expect(load(sourceOf('one'))).toEqual({ answer: 'one', compiled: true, line: 4 });
    expect(load(sourceOf('one'))).toEqual({ answer: 'one', compiled: false, line: 4 });
  });

  it('an edited source replaces its entry: one entry per source however often it changes, never a stale one', () => {
    for (const answer of ['one', 'two', 'three', 'two']) {
      expect(load(sourceOf(answer))).toMatchObject({ answer, compiled: true });
      expect(entries()).toHaveLength(1);
    }
    expect(load(sourceOf('two'))).toMatchObject({ answer: 'two', compiled: false });
    expect(entries().filter((e) => e.endsWith('.tmp'))).toEqual([]);
  });

  it('the first compile after a compiler upgrade (or a format change) removes the older caches', () => {
    mkdirSync(join(cacheRoot, 'v2-swc-0.0.1'), { recursive: true });
    writeFileSync(join(cacheRoot, 'v2-swc-0.0.1/old.js'), '');
    // What FORMAT 1 left: one file per compiled content, straight in the cache folder.
    writeFileSync(join(cacheRoot, `${'a'.repeat(64)}.js`), '');

    expect(load(sourceOf('one'))).toMatchObject({ answer: 'one', compiled: true });
    expect(readdirSync(cacheRoot)).toEqual([expect.stringMatching(/^v\d+-swc-\d+\.\d+\.\d+/)]);
    expect(existsSync(join(cacheRoot, 'v2-swc-0.0.1'))).toBe(false);
  });
});
