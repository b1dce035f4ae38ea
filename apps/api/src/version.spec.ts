import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_VERSION, resolveApiVersion } from './version';

describe('resolveApiVersion', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'api-version-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const sha = '0123456789abcdef0123456789abcdef01234567';

  it('takes the commit from the artifact manifest beside main.js, over the environment', () => {
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ name: 'api', gitSha: sha, files: {} }));
    expect(resolveApiVersion(dir, { API_VERSION: 'other', GIT_SHA: 'fedcba9876543' })).toEqual({
      version: `${PACKAGE_VERSION}+0123456789ab`,
      source: 'manifest.json',
    });
  });

  it('falls back to API_VERSION verbatim, then GIT_SHA, then "+dev"', () => {
    expect(resolveApiVersion(dir, { API_VERSION: ' 2.0.0-rc.1 ', GIT_SHA: sha })).toEqual({ version: '2.0.0-rc.1', source: 'API_VERSION' });
    expect(resolveApiVersion(dir, { GIT_SHA: sha.toUpperCase() })).toEqual({ version: `${PACKAGE_VERSION}+0123456789ab`, source: 'GIT_SHA' });
    expect(resolveApiVersion(dir, {})).toEqual({ version: `${PACKAGE_VERSION}+dev`, source: 'none' });
  });

  it('ignores a damaged manifest or a GIT_SHA that is not a commit id', () => {
    writeFileSync(join(dir, 'manifest.json'), '{ not json');
    expect(resolveApiVersion(dir, { GIT_SHA: 'main; rm -rf /' }).source).toBe('none');
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ gitSha: 42 }));
    expect(resolveApiVersion(dir, {}).source).toBe('none');
  });

  it('reads the package version from package-version.json', () => {
    expect(PACKAGE_VERSION).toMatch(/^\d+\.\d+\.\d+/);
  });
});
