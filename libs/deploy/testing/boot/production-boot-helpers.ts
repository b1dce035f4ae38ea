import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';

/** Helpers for the production boot spec: real processes on loopback, each with a bounded wait. */

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Starts the embedded PostgreSQL helper process and waits (≤ 90 s) for its URL. */
export async function startPostgres(dataDir: string): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(__dirname, 'production-boot-postgres.mjs'), dataDir, String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`PostgreSQL did not start within 90 s:\n${output}`)), 90_000);
    child.stdout?.on('data', (chunk) => {
      output += chunk;
      const line = output.split('\n').find((l) => l.startsWith('{'));
      if (line) {
        clearTimeout(timer);
        resolve((JSON.parse(line) as { url: string }).url);
      }
    });
    child.stderr?.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => reject(new Error(`PostgreSQL helper exited (${code}):\n${output}`)));
  });
  return { url, stop: () => stopChild(child) };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export interface ScriptRun {
  status: number | null;
  output: string;
  seconds: number;
}

/**
 * The environment cloud-init runs user data with: PATH and HOME, nothing of this test
 * process (no NODE_ENV=test, no AWS keys: the instance must use its role).
 */
export function cloudInitEnv(): Record<string, string> {
  return { PATH: process.env['PATH'] ?? '/usr/local/bin:/usr/bin:/bin', HOME: process.env['HOME'] ?? '/root' };
}

/** Runs a script with bash, asynchronously so this process's artifact server keeps serving. */
export function runBash(path: string, timeoutMs = 5 * 60_000, env: Record<string, string> = cloudInitEnv()): Promise<ScriptRun> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    // stdin 'ignore': Debian's bash sources ~/.bashrc when stdin is a socket (as Node's pipes are).
    const child = spawn('bash', [path], { stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs, env });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, output, seconds: (Date.now() - started) / 1000 }));
  });
}

export interface Pm2Process {
  name: string;
  pid: number;
  status: string;
}

/**
 * PM2 (the one the artifact shipped) against the boot root's PM2_HOME, as the API's user: the
 * daemon is that user's, and a PM2 command run as root would start a root daemon of its own.
 */
export function pm2(root: string, args: string[], user: string): string {
  const bin = join(root, 'api/current/node_modules/pm2/bin/pm2');
  if (!existsSync(bin)) return '';
  const result = spawnSync('runuser', ['-u', user, '--', process.execPath, bin, ...args], {
    encoding: 'utf8', env: { ...cloudInitEnv(), PM2_HOME: join(root, 'pm2') }, timeout: 60_000, stdio: ['ignore', 'pipe', 'pipe'],
  });
  return result.stdout;
}

export function pm2Processes(root: string, user: string): Pm2Process[] {
  const out = pm2(root, ['jlist'], user);
  const list = JSON.parse(out.slice(out.indexOf('['))) as { name: string; pid: number; pm2_env: { status: string } }[];
  return list.map((p) => ({ name: p.name, pid: p.pid, status: p.pm2_env.status }));
}

/** The user a process runs as, as `ps` shows it. */
export function processUser(pid: number): string {
  return spawnSync('ps', ['-o', 'user=', '-p', String(pid)], { encoding: 'utf8' }).stdout.trim();
}

/** Every process whose command line contains `needle`, with its user: `ps` as an operator would read it. */
export function processesMatching(needle: string): Array<{ user: string; pid: number; args: string }> {
  return spawnSync('ps', ['-eo', 'user:32=,pid=,args='], { encoding: 'utf8' })
    .stdout.split('\n')
    .map((line) => /^(\S+)\s+(\d+)\s+(.*)$/.exec(line.trim()))
    .filter((m): m is RegExpExecArray => m !== null && m[3].includes(needle) && !m[3].startsWith('ps '))
    .map((m) => ({ user: m[1], pid: Number(m[2]), args: m[3] }));
}

/** Removes the system user a boot test's script created (after PM2 was killed; its files are under the test's root). */
export function removeUser(user: string): void {
  spawnSync('userdel', [user], { stdio: 'ignore', timeout: 30_000 });
}

/** Stops PM2 for this root and removes a start-on-boot unit the script registered. */
export function cleanUpPm2(root: string, serviceName: string, user: string): void {
  pm2(root, ['kill'], user);
  const unit = `/etc/systemd/system/${serviceName}.service`;
  if (existsSync(unit) && readFileSync(unit, 'utf8').includes(root)) {
    spawnSync('systemctl', ['disable', serviceName], { stdio: 'ignore', timeout: 30_000 });
    rmSync(unit, { force: true });
    spawnSync('systemctl', ['daemon-reload'], { stdio: 'ignore', timeout: 30_000 });
  }
}
