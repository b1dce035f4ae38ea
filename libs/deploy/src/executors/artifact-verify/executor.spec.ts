import type { ExecutorContext } from '@nx/devkit';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildArtifact } from '../../artifact/build-artifact';
import { productionPackageJson } from '../../artifact/production-package';
import { MemoryLogger } from '../../../testing/memory-logger';
import artifactVerifyExecutor from './executor';

let root: string;
let zipPath: string;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'artifact-verify-'));
  const dist = join(root, 'dist');
  mkdirSync(join(dist, 'migrations'), { recursive: true });
  for (const file of ['main.js', 'migrate.js', 'seed.js', 'migrations/001.js']) writeFileSync(join(dist, file), `// ${file}\n`);
  const info = await buildArtifact({
    distDir: dist, outDir: join(root, 'out'), gitSha: 'abc', commitTime: new Date('2026-01-01T00:00:00Z'), logger: new MemoryLogger(),
    packageJson: productionPackageJson({ name: 'api', version: '1.0.0' }), lockfile: '{}\n', install: async () => undefined,
  });
  zipPath = info.path;
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const context = () => ({ root } as ExecutorContext);

function captureOutput() {
  let text = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((text += String(chunk)), true));
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((text += String(chunk)), true));
  return { text: () => text, restore: () => (out.mockRestore(), err.mockRestore()) };
}

describe('artifact-verify executor', () => {
  it('accepts an intact zip', async () => {
    const output = captureOutput();
    try {
      await expect(artifactVerifyExecutor({ path: zipPath }, context())).resolves.toEqual({ success: true });
      // The 4 built files, package.json, the lockfile, the release's own record, and read-parameters.js
      // (every release ships the instance's Parameter Store reader).
      expect(output.text()).toMatch(/all 8 files match the manifest of abc/);
    } finally {
      output.restore();
    }
  });

  it('fails a tampered folder and names the file', async () => {
    const dir = join(root, 'unpacked');
    const { extractZip } = await import('../../artifact/extract-zip');
    await extractZip(zipPath, dir);
    writeFileSync(join(dir, 'migrate.js'), 'changed');
    const output = captureOutput();
    try {
      await expect(artifactVerifyExecutor({ path: dir }, context())).resolves.toEqual({ success: false });
      expect(output.text()).toContain('changed: migrate.js');
    } finally {
      output.restore();
    }
  });

  it('says what to do when there is nothing to verify', async () => {
    const output = captureOutput();
    try {
      await expect(artifactVerifyExecutor({ path: 'nope.zip' }, context())).resolves.toEqual({ success: false });
      expect(output.text()).toMatch(/does not exist[\s\S]*nx run api:artifact/);
    } finally {
      output.restore();
    }
  });
});
