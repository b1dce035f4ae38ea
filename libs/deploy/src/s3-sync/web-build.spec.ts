import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceNxCli } from './web-build';

const ROOT = join(__dirname, '../../../..');

describe('the web build\'s Nx', () => {
  it('is the workspace\'s own Nx CLI, started with this Node (no npx)', () => {
    const cli = workspaceNxCli(ROOT);
    expect(cli).toBe(join(ROOT, 'node_modules/nx/dist/bin/nx.js'));
    expect(existsSync(cli)).toBe(true);
    const pinned = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).devDependencies['nx'];
    const version = spawnSync(process.execPath, [cli, '--version'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NX_DAEMON: 'false' } });
    expect(version.stdout).toContain(pinned);
  });
});
