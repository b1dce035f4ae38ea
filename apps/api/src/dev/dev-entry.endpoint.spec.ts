import { cp, mkdir, mkdtemp, readdir, readlink, rm, symlink } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { DEMO_APDS, DEMO_LOGIN } from '../db/demo-data';
import { binaryPackageName } from '../db/embedded/binaries';
import { isRoot } from '../db/embedded/run-as';
import { processAlive, runningPostmaster, stopPostmaster } from '../db/embedded/stale-server';
import { SAMPLE_FILES } from '../testing/sample-files';
import { startProcess, waitUntil, type Started } from '../testing/processes';

const WORKSPACE = resolve(__dirname, '../../../..');
const READY = /API listening on (http:\/\/127\.0\.0\.1:\d+)\/api/;
const APD = DEMO_APDS[0].id; // Maryland: the demo user's state

/**
 * The development entry as people run it: `nx serve api` (which builds it first) and
 * `node dist/apps/api/dev.js`, with its embedded PostgreSQL. It drains on SIGTERM like the
 * production server, recovers from being killed with -9, and runs as root from a private folder.
 */
describe('development entry (nx serve api, dev.js)', () => {
  let scratch: string;
  const started: Started[] = [];
  const dataDirectories: string[] = [];
  jest.setTimeout(420_000);

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'eapd-dev-entry-'));
  });
  afterAll(async () => {
    for (const run of started) run.signalGroup('SIGKILL');
    // Whatever a failed test left running on its data folder.
    for (const dataDirectory of dataDirectories) {
      const pid = runningPostmaster(dataDirectory);
      if (pid) await stopPostmaster(pid);
    }
    await rm(scratch, { recursive: true, force: true });
  });

  const env = (extra: Record<string, string>): NodeJS.ProcessEnv => ({
    ...process.env,
    NODE_ENV: 'development',
    PORT: '0',
    LOG_LEVEL: 'warn',
    NX_DAEMON: 'false',
    NX_TUI: 'false',
    NX_NO_CLOUD: 'true',
    ...extra,
  });

  async function login(base: string): Promise<string> {
    const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(DEMO_LOGIN) });
    expect(res.status).toBe(200);
    return ((await res.json()) as { token: string }).token;
  }

  /** An upload whose body is held back: in flight until finish() sends the rest. */
  function heldUpload(base: string, token: string, name: string): { finish(): void; answer: Promise<string> } {
    const boundary = 'dev-entry-boundary';
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/pdf\r\n\r\n`),
      SAMPLE_FILES.pdf,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const { hostname, port } = new URL(base);
    const socket = connect(Number(port), hostname);
    let answer = '';
    socket.on('data', (c) => (answer += c.toString('latin1')));
    socket.on('error', () => undefined);
    socket.once('connect', () => {
      socket.write(
        `POST /api/apds/${APD}/files HTTP/1.1\r\nHost: ${hostname}\r\nAuthorization: Bearer ${token}\r\nConnection: close\r\n` +
          `Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${body.length}\r\n\r\n`,
      );
      socket.write(body.subarray(0, 400));
    });
    return { finish: () => socket.write(body.subarray(400)), answer: new Promise((r) => socket.on('close', () => r(answer))) };
  }

  const partials = async (filesDirectory: string) =>
    (await readdir(filesDirectory, { recursive: true }).catch(() => [] as string[])).filter((f) => f.endsWith('.partial'));

  it('SIGTERM to `nx serve api` (its whole process group) with 20 uploads in flight: all 20 answered 201, then PostgreSQL stopped', async () => {
    const dataDirectory = join(scratch, 'serve', 'pg');
    const filesDirectory = join(scratch, 'serve', 'files');
    dataDirectories.push(dataDirectory);
    const serve = startProcess('npx', ['nx', 'serve', 'api', '--output-style=stream'], {
      cwd: WORKSPACE,
      env: env({ API_DATA_DIR: dataDirectory, FILES_DIR: filesDirectory }),
    });
    started.push(serve);
    const [, base] = await serve.waitFor(READY, 360_000); // builds the API first when its build is stale
    const token = await login(base);
    const postmaster = runningPostmaster(dataDirectory);
    expect(postmaster).toBeDefined();

    const uploads = Array.from({ length: 20 }, (_, i) => heldUpload(base, token, `in-flight-${i}.pdf`));
    // Each upload has started writing its file: the server is inside all 20 requests.
    await waitUntil(async () => (await partials(filesDirectory)).length === 20, 30_000, '20 uploads in flight');

    serve.signalGroup('SIGTERM');
    // Draining: the API stops accepting connections (or answers health with 503) but keeps the open ones.
    const draining = async () => fetch(`${base}/api/health`).then((r) => r.status === 503, () => true);
    await waitUntil(draining, 10_000, 'the API starts draining');
    for (const upload of uploads) upload.finish();
    const answers = await Promise.all(uploads.map((u) => u.answer));
    expect(answers.map((a) => a.split('\r\n')[0])).toEqual(Array(20).fill('HTTP/1.1 201 Created'));

    await serve.exited;
    await waitUntil(() => !processAlive(postmaster as number), 30_000, 'PostgreSQL stopped by the API');
    expect(serve.output()).toMatch(/stopping embedded PostgreSQL/);
    expect(await partials(filesDirectory)).toEqual([]);
  });

  it('`kill -9` of dev.js, then a restart: the server it left running is stopped, its unfinished upload swept, and the API starts', async () => {
    const dataDirectory = join(scratch, 'killed', 'pg');
    const filesDirectory = join(scratch, 'killed', 'files');
    dataDirectories.push(dataDirectory);
    const devEnv = env({ API_DATA_DIR: dataDirectory, FILES_DIR: filesDirectory });
    const first = startProcess(process.execPath, [join(WORKSPACE, 'dist/apps/api/dev.js')], { cwd: WORKSPACE, env: devEnv });
    started.push(first);
    const [, base] = await first.waitFor(READY, 120_000);
    const upload = heldUpload(base, await login(base), 'cut-off.pdf');
    await waitUntil(async () => (await partials(filesDirectory)).length === 1, 30_000, 'an upload in flight');
    const orphan = runningPostmaster(dataDirectory) as number;

    first.child.kill('SIGKILL'); // dev.js only, as `kill -9 <pid>` would
    await first.exited;
    await upload.answer;
    expect(processAlive(orphan)).toBe(true); // PostgreSQL lives on in its own session
    expect(await partials(filesDirectory)).toHaveLength(1);

    const second = startProcess(process.execPath, [join(WORKSPACE, 'dist/apps/api/dev.js')], { cwd: WORKSPACE, env: devEnv });
    started.push(second);
    const [, again] = await second.waitFor(READY, 120_000);
    expect(second.output()).toMatch(new RegExp(`PostgreSQL \\(PID ${orphan}\\) was left running`));
    expect(processAlive(orphan)).toBe(false);
    expect(await partials(filesDirectory)).toEqual([]);
    expect((await fetch(`${again}/api/health`)).status).toBe(200);
    await login(again);

    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(runningPostmaster(dataDirectory)).toBeUndefined();
  });

  it('runs from a checkout under a 0700 folder (as root: PostgreSQL runs as "postgres", which cannot enter it)', async () => {
    // A checkout whose dist and PostgreSQL binaries really live under a private folder.
    const home = await mkdtemp(join(scratch, 'private-home-')); // mkdtemp: mode 0700
    const checkout = join(home, 'eapd');
    await cp(join(WORKSPACE, 'dist/apps/api'), join(checkout, 'dist/apps/api'), { recursive: true });
    const binaries = binaryPackageName();
    await mkdir(join(checkout, 'node_modules', dirname(binaries)), { recursive: true });
    await cp(join(WORKSPACE, 'node_modules', binaries), join(checkout, 'node_modules', binaries), { recursive: true, verbatimSymlinks: true });
    for (const entry of await readdir(join(WORKSPACE, 'node_modules'))) {
      if (entry !== dirname(binaries)) await symlink(join(WORKSPACE, 'node_modules', entry), join(checkout, 'node_modules', entry));
    }
    const dataLink = join(checkout, '.data/postgres');
    const run = startProcess(process.execPath, [join(checkout, 'dist/apps/api/dev.js')], { cwd: checkout, env: env({}) });
    started.push(run);
    try {
      const [, base] = await run.waitFor(READY, 180_000);
      if (isRoot()) {
        expect(run.output()).toMatch(/the postgres user cannot reach .*: running PostgreSQL from \/\S+/);
        expect(run.output()).toMatch(/the database lives in \/\S+, linked from /);
      }
      expect((await fetch(`${base}/api/health`)).status).toBe(200);
      await login(base);
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
    } finally {
      const relocated = await readlink(dataLink).catch(() => undefined);
      if (relocated) {
        dataDirectories.push(relocated);
        const pid = runningPostmaster(relocated);
        if (pid) await stopPostmaster(pid);
        await rm(dirname(relocated), { recursive: true, force: true });
      }
    }
  });
});
