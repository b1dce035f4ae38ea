import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  raw,
  renderEnvFile,
  renderStepLogPreamble,
  sh,
  shellQuote,
} from './shell';

const NASTY = `it's "x" $HOME \`id\` | & ; * \\ \n second line\ttab ${'$'}(rm -rf /) ~ ! # é 😀`;

function bash(script: string, env: Record<string, string> = {}) {
  // stdin 'ignore': Debian's bash sources ~/.bashrc when stdin is a socket (as Node's pipes are).
  const result = spawnSync('bash', ['-c', script], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env['PATH'] ?? '', ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('shellQuote', () => {
  it.each([
    ['the issue\'s secret', `'"$\`|&;*\nnext`],
    ['a mixed nasty string', NASTY],
    ['an empty string', ''],
    ['only quotes', `''''`],
    ['every ASCII character but NUL', Array.from({ length: 127 }, (_, i) => String.fromCharCode(i + 1)).join('')],
  ])('survives bash unchanged: %s', (_name, value) => {
    const result = bash(`printf '%s' ${shellQuote(value)}`);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(value);
  });

  it('rejects NUL with a clear error', () => {
    expect(() => shellQuote('a\0b')).toThrow(/NUL/);
  });
});

describe('sh template', () => {
  it('quotes every value but raw fragments', () => {
    const line = sh`printf '%s|' ${'a b'} ${['$x', "it's"]} ${raw('"$HOME"')}`;
    expect(line).toBe(`printf '%s|' 'a b' '$x' 'it'\\''s' "$HOME"`);
    expect(bash(line, { HOME: '/h' }).stdout).toBe(`a b|$x|it's|/h|`);
  });
});

describe('renderEnvFile', () => {
  const env = { SESSION_SECRET: `'"$\`|&;*\nnext`, JWT_SECRET: NASTY, PORT: '8000', EMPTY: '', SKIPPED: undefined };
  let dir: string;
  let file: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'env-file-'));
    file = join(dir, 'api.env');
    writeFileSync(file, renderEnvFile(env));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('round-trips every value through `source` in bash', () => {
    for (const name of ['SESSION_SECRET', 'JWT_SECRET', 'PORT', 'EMPTY']) {
      const result = bash(`. ${shellQuote(file)}; printf '%s' "$${name}"`);
      expect(result.stderr).toBe('');
      expect(result.stdout).toBe(env[name as keyof typeof env]);
    }
  });

  it('exports the values to child processes such as node and PM2', () => {
    const result = bash(`. ${shellQuote(file)}; node -e 'process.stdout.write(JSON.stringify([process.env.SESSION_SECRET, process.env.JWT_SECRET, process.env.SKIPPED]))'`);
    expect(JSON.parse(result.stdout)).toEqual([env.SESSION_SECRET, env.JWT_SECRET, null]);
  });

  it('rejects names that are not variable names', () => {
    expect(() => renderEnvFile({ 'BAD-NAME': 'x' })).toThrow(/not a valid environment variable name/);
    expect(() => renderEnvFile({ 'X;rm -rf /': 'x' })).toThrow(/not a valid/);
  });
});

describe('renderStepLogPreamble', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'preamble-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('logs timestamped steps to the console and the file, and names the failing step', () => {
    const logFile = join(dir, 'log', 'boot.log');
    const script = `${renderStepLogPreamble({ logFile })}step "first"\necho hello\nstep "second"\nfalse\necho never\n`;
    const result = bash(script);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \+\d+s \[step\] first$/m);
    expect(result.stdout).toContain('hello');
    expect(result.stdout).toMatch(/\[error\] step "second" failed \(exit 1, line \d+\)/);
    expect(result.stdout).not.toContain('never');
    const logged = readFileSync(logFile, 'utf8');
    expect(logged).toContain('[step] first');
    expect(logged).toContain('[error] step "second" failed');
  });

  it('fails on unset variables and on failures inside a pipeline', () => {
    const logFile = join(dir, 'boot.log');
    expect(bash(`${renderStepLogPreamble({ logFile })}echo "$NOT_SET"\n`).code).not.toBe(0);
    expect(bash(`${renderStepLogPreamble({ logFile })}false | cat\necho after\n`).stdout).not.toContain('after');
  });
});
