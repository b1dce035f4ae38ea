import type { ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, runNx, spawnLogged, stopProcess, waitForHttp, WORKSPACE } from './processes';

export interface RunningApi {
  url: string;
  output: string[];
  stop: () => Promise<void>;
}

/**
 * Starts the API's development entry (dist/apps/api/dev.js): embedded PostgreSQL in a fresh
 * temporary data directory, migrations, development seeds (the demo user), a free port.
 * `env` adds variables (e.g. the OKTA_* of a local stand-in).
 */
export async function startApi(options: { env?: NodeJS.ProcessEnv } = {}): Promise<RunningApi> {
  const devEntry = join(WORKSPACE, 'dist/apps/api/dev.js');
  if (!existsSync(devEntry)) runNx(['build', 'api']);
  const root = mkdtempSync(join(tmpdir(), 'eapd-web-e2e-'));
  chmodSync(root, 0o755); // embedded PostgreSQL runs as its own user when started as root
  mkdirSync(join(root, 'files'));
  const port = await freePort();
  const output: string[] = [];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    PORT: String(port),
    API_DATA_DIR: join(root, 'postgres'),
    FILES_DIR: join(root, 'files'),
    LOG_LEVEL: 'warn',
    ...options.env,
  };
  delete env['DATABASE_URL']; // always the embedded server: the test owns its data
  let child: ChildProcess | undefined = spawnLogged(process.execPath, [devEntry], env, '[api]', output);
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await stopProcess(child);
    child = undefined;
    rmSync(root, { recursive: true, force: true });
  };
  try {
    await waitForHttp(`${url}/api/health`, 120_000, child);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\nAPI output:\n${output.slice(-40).join('\n')}`);
  }
  return { url, output, stop };
}
