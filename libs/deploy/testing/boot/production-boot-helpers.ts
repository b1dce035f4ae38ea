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

/** Runs a script with bash, asynchronously so this process's artifact server keeps serving. */
export function runBash(path: string, timeoutMs = 5 * 60_000): Promise<ScriptRun> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    // stdin 'ignore': Debian's bash sources ~/.bashrc when stdin is a socket (as Node's pipes are).
    const child = spawn('bash', [path], { stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
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

/** `pm2 jlist` against the boot root's PM2_HOME, with the PM2 the artifact shipped. */
export function pm2(root: string, args: string[]): string {
  const bin = join(root, 'api/current/node_modules/pm2/bin/pm2');
  if (!existsSync(bin)) return '';
  const result = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8', env: { ...process.env, PM2_HOME: join(root, 'pm2') }, timeout: 60_000, stdio: ['ignore', 'pipe', 'pipe'],
  });
  return result.stdout;
}

export function pm2Processes(root: string): Pm2Process[] {
  const out = pm2(root, ['jlist']);
  const list = JSON.parse(out.slice(out.indexOf('['))) as { name: string; pid: number; pm2_env: { status: string } }[];
  return list.map((p) => ({ name: p.name, pid: p.pid, status: p.pm2_env.status }));
}

/** Stops PM2 for this root and removes a start-on-boot unit the script registered. */
export function cleanUpPm2(root: string, serviceName: string): void {
  pm2(root, ['kill']);
  const unit = `/etc/systemd/system/${serviceName}.service`;
  if (existsSync(unit) && readFileSync(unit, 'utf8').includes(root)) {
    spawnSync('systemctl', ['disable', serviceName], { stdio: 'ignore', timeout: 30_000 });
    rmSync(unit, { force: true });
    spawnSync('systemctl', ['daemon-reload'], { stdio: 'ignore', timeout: 30_000 });
  }
}
