import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createTempRepo, TempRepo } from '../testing/temp-git-repo';
import { checkYamlText } from './check-yaml-text';
import { listYamlFiles } from './list-yaml-files';
import { validateYaml } from './validate-yaml';

const WORKSPACE = join(__dirname, '../..');

// Fixtures live here rather than as files in the repo: a broken .yml in the tree would
// (rightly) fail the repo-wide validation every other run depends on.
const FIXTURES = {
  valid: 'title: Hello\nitems:\n  - one\n  - two\nnested:\n  key: value\n',
  syntaxError: 'title: Hello\nitems: [one, two\nother: value\n',
  duplicateKey: 'title: Hello\nbody: first\ntitle: Again\n',
  tabIndent: 'root:\n\tchild: value\n',
  secondDocumentBroken: 'a: 1\n---\nb: 2\nb: 3\n'
};

describe('checkYamlText', () => {
  it('accepts a valid file and an empty one', () => {
    expect(checkYamlText(FIXTURES.valid, 'ok.yml')).toEqual([]);
    expect(checkYamlText('', 'empty.yml')).toEqual([]);
  });

  it('reports a syntax error with its position', () => {
    const problems = checkYamlText(FIXTURES.syntaxError, 'broken.yml');
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatchObject({ file: 'broken.yml', line: expect.any(Number), col: expect.any(Number) });
    expect(problems[0].line).toBeGreaterThanOrEqual(2);
  });

  it('reports a duplicate key at the duplicate, as an error', () => {
    expect(checkYamlText(FIXTURES.duplicateKey, 'dup.yml')).toEqual([
      expect.objectContaining({ file: 'dup.yml', line: 3, col: 1, code: 'DUPLICATE_KEY', message: 'Map keys must be unique' })
    ]);
  });

  it('reports tab indentation', () => {
    const problems = checkYamlText(FIXTURES.tabIndent, 'tabs.yml');
    expect(problems.map((p) => p.code)).toContain('TAB_AS_INDENT');
    expect(problems[0].line).toBe(2);
  });

  it('checks every document of a multi-document file', () => {
    expect(checkYamlText(FIXTURES.secondDocumentBroken, 'multi.yml')).toEqual([
      expect.objectContaining({ line: 4, code: 'DUPLICATE_KEY' })
    ]);
  });
});

describe('validate-yaml over a real repository', () => {
  let repo: TempRepo;
  let errors: string[];
  let logs: string[];

  beforeEach(() => {
    repo = createTempRepo('validate-yaml-');
    errors = [];
    logs = [];
    jest.spyOn(console, 'error').mockImplementation((m: string) => void errors.push(m));
    jest.spyOn(console, 'log').mockImplementation((m: string) => void logs.push(m));
  });
  afterEach(() => {
    jest.restoreAllMocks();
    repo.remove();
  });

  it('passes on valid files and says how many it checked', () => {
    repo.write('content/a.yml', FIXTURES.valid);
    repo.write('.circleci/config.yaml', FIXTURES.valid);
    repo.commit('valid');
    expect(validateYaml([], repo.dir)).toBe(0);
    expect(logs.join('\n')).toContain('2 file(s) checked');
  });

  it('fails on each broken fixture, printing file:line:col', () => {
    repo.write('content/ok.yml', FIXTURES.valid);
    repo.write('content/dup.yml', FIXTURES.duplicateKey);
    repo.write('content/tabs.yaml', FIXTURES.tabIndent);
    repo.write('deep/er/syntax.yml', FIXTURES.syntaxError);
    repo.commit('broken');
    expect(validateYaml([], repo.dir)).toBe(1);
    const out = errors.join('\n');
    expect(out).toContain('content/dup.yml:3:1: Map keys must be unique (DUPLICATE_KEY)');
    expect(out).toMatch(/^content\/tabs\.yaml:2:\d+: .*\(TAB_AS_INDENT\)$/m);
    expect(out).toMatch(/^deep\/er\/syntax\.yml:\d+:\d+: /m);
    expect(out).toContain('in 3 of 4 file(s) checked');
  });

  it('checks untracked files too, but never git-ignored ones or node_modules', () => {
    repo.write('.gitignore', 'ignored/\n');
    repo.write('committed.yml', FIXTURES.valid);
    repo.commit('base');
    repo.write('new-content.yml', FIXTURES.duplicateKey);
    repo.write('ignored/broken.yml', FIXTURES.syntaxError);
    repo.write('node_modules/pkg/broken.yml', FIXTURES.syntaxError);
    expect(listYamlFiles(repo.dir)).toEqual(['committed.yml', 'new-content.yml']);
    expect(validateYaml([], repo.dir)).toBe(1);
  });

  it('refuses to pass when there is nothing to validate', () => {
    repo.write('README.md', '# no yaml here\n');
    repo.commit('no yaml');
    expect(() => validateYaml([], repo.dir)).toThrow(/no YAML files found/);
  });

  it('exits non-zero as a real process (the way CI runs it)', () => {
    repo.write('bad.yml', FIXTURES.duplicateKey);
    repo.commit('bad');
    const result = spawnSync(process.execPath, ['-r', '@swc-node/register', join(WORKSPACE, 'tools/yaml/validate-yaml.ts')], {
      cwd: repo.dir,
      encoding: 'utf8',
      env: { ...process.env, SWC_NODE_PROJECT: join(WORKSPACE, 'tools/tsconfig.scripts.json'), NODE_PATH: join(WORKSPACE, 'node_modules') },
      timeout: 60_000
    });
    expect(result.stderr).toContain('bad.yml:3:1: Map keys must be unique');
    expect(result.status).toBe(1);
  });
});
