import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// .ci/run is what a fresh Debian machine runs; it is checked here because a typo in it only
// shows up on that machine.
const FILE = join(__dirname, '../../.ci/run');
const text = readFileSync(FILE, 'utf8');

describe('.ci/run', () => {
  it('passes shellcheck with no findings', () => {
    const probe = spawnSync('shellcheck', ['--version'], { encoding: 'utf8' });
    if (probe.error) throw new Error('shellcheck is not installed: apt-get install -y shellcheck');
    const result = spawnSync('shellcheck', ['--severity=style', FILE], { encoding: 'utf8' });
    expect(result.stdout).toBe('');
    expect(result.status).toBe(0);
  });

  it('installs the Debian packages the suites need, then npm ci, npm test, the boot tests, and ends with the totals', () => {
    const packages = text.match(/^packages=\((.*)\)$/m)?.[1].split(/\s+/) ?? [];
    expect(packages).toEqual(expect.arrayContaining(['chromium', 'shellcheck', 'postgresql', 'nginx', 'openssl', 'awscli', 'curl', 'unzip']));
    // Positions of the commands as statements (at the start of a line, comments ignored).
    const at = (command: string) => text.search(new RegExp(`^\\s*${command.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'm'));
    const order = ['apt-get install', 'npm ci ', 'npm test', 'npm run test:boot', 'node tools/test/sum-results.mjs tmp/test-results default boot'].map(at);
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // Nothing may print after the totals line.
    const after = text.slice(text.indexOf('node tools/test/sum-results.mjs')).split('\n').slice(1).filter((l) => l.trim() && !l.trim().startsWith('#'));
    expect(after.every((l) => !/\b(echo|printf|node|npm)\b/.test(l))).toBe(true);
  });
});
