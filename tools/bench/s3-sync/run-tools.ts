import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { S3ObjectStore, syncFrontend, systemClock, type DeployLogger } from '@eapd/deploy';

export const CREDENTIALS = { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_DEFAULT_REGION: 'us-east-1' };

/** How CircleCI runs Nx (.circleci/config.yml): no daemon, plugins in the Nx process. */
export const NX_CI_ENV = { CI: 'true', NX_DAEMON: 'false', NX_ISOLATE_PLUGINS: 'false', NX_NO_CLOUD: 'true' };

const quiet: DeployLogger = {
  interactive: false, info: () => undefined, warn: () => undefined, error: (m) => console.error(m), section: () => undefined, progress: () => undefined,
};

interface Run { output: string; code: number | null; ms: number; executorAtMs?: number }

/**
 * Runs a command, timing it; with `executorLine`, also the moment the first line matching it
 * appears: the executor's own first output, i.e. when Nx has handed over (Nx's own lines are
 * its `> nx run …` header, blank lines and its summary after the task).
 */
function run(cmd: string, args: string[], env: Record<string, string>, cwd: string, executorLine?: RegExp): Promise<Run> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let executorAtMs: number | undefined;
    const collect = (d: Buffer) => {
      output += d;
      // eslint-disable-next-line no-control-regex
      if (executorLine && executorAtMs === undefined && executorLine.test(output.replace(/\x1b\[[0-9;]*m/g, ''))) executorAtMs = performance.now() - t0;
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('exit', (code) => resolve({ output, code, ms: performance.now() - t0, executorAtMs }));
  });
}

async function exec(cmd: string, args: string[], env: Record<string, string>, cwd: string, allowFailure = false): Promise<string> {
  const { output, code } = await run(cmd, args, env, cwd);
  if (code !== 0 && !allowFailure) throw new Error(`${cmd} ${args.join(' ')} exited ${code}:\n${output.slice(-3000)}`);
  return output;
}

/**
 * How Nx is started: as CircleCI does (`node_modules/.bin/nx`, .circleci/config.yml) and as
 * people type it (`npx nx`, which adds npm's own start-up).
 */
export const NX_LAUNCHERS = {
  nx: (root: string) => ({ cmd: join(root, 'node_modules/.bin/nx'), args: [] as string[] }),
  'npx nx': () => ({ cmd: 'npx', args: ['nx'] }),
} as const;
export type NxLauncher = keyof typeof NX_LAUNCHERS;

/** Our engine called as a library, no Nx, with a hash cache as the executor keeps one. */
export async function oursAsLibrary(source: string, bucket: string, endpoint: string, hashCacheDirectory: string): Promise<void> {
  const store = new S3ObjectStore({ bucket, region: 'us-east-1', env: { ...CREDENTIALS, AWS_ENDPOINT_URL_S3: endpoint }, forcePathStyle: true });
  await syncFrontend(
    { source, prefix: '', dryRun: false, deleteStale: true, exclude: [], concurrency: 16, hashCacheDirectory },
    { store, logger: quiet, clock: systemClock },
  );
}

const stagingEnv = (bucket: string, endpoint: string) => ({
  ...CREDENTIALS, ...NX_CI_ENV,
  STAGING_WEB_AWS_S3_BUCKET: `s3://${bucket}`, STAGING_WEB_AWS_REGION: 'us-east-1', STAGING_WEB_API_URL: '/api',
  AWS_ENDPOINT_URL_S3: endpoint, AWS_S3_FORCE_PATH_STYLE: 'true',
});

/** `nx run web:deploy` (build skipped: we time the sync, not webpack), started by `launcher`. */
export async function oursViaNx(source: string, bucket: string, endpoint: string, root: string, launcher: NxLauncher = 'nx'): Promise<void> {
  const { cmd, args } = NX_LAUNCHERS[launcher](root);
  await exec(cmd, [...args, 'run', 'web:deploy', '--configuration=staging', '--skip-build', `--source=${source}`], stagingEnv(bucket, endpoint), root);
}

/**
 * What Nx costs before the deploy executor does anything: `--help` (project graph, then the
 * schema: no executor runs, the whole time is Nx), and a dry run without any configuration,
 * timed to the executor's first line (its configuration error) and to the end.
 */
export async function nxStartup(root: string, runs = 3): Promise<Record<string, number>> {
  const executorError = /^error: Invalid/m;
  const cases: Record<string, { args: string[]; executorLine?: RegExp }> = {
    'run web:deploy --help': { args: ['run', 'web:deploy', '--help'] },
    'run web:deploy:staging --dry-run, no configuration': { args: ['run', 'web:deploy', '--configuration=staging', '--dry-run', '--skip-build'], executorLine: executorError },
    'run api:deploy:staging --dry-run, no configuration': { args: ['run', 'api:deploy', '--configuration=staging', '--dry-run'], executorLine: executorError },
  };
  const best: Record<string, number> = {};
  const keep = (name: string, ms: number | undefined) => {
    if (ms === undefined) throw new Error(`${name}: the executor's first line never appeared`);
    best[name] = Math.min(best[name] ?? Infinity, ms);
  };
  for (const [name, { args, executorLine }] of Object.entries(cases)) {
    for (const launcher of Object.keys(NX_LAUNCHERS) as NxLauncher[]) {
      const { cmd, args: pre } = NX_LAUNCHERS[launcher](root);
      for (let i = 0; i < runs; i++) {
        const r = await run(cmd, [...pre, ...args], { ...NX_CI_ENV }, root, executorLine);
        if (executorLine) keep(`${launcher} ${name}: until the executor's first line`, r.executorAtMs);
        keep(`${launcher} ${name}${executorLine ? ': whole run' : ''}`, r.ms);
      }
    }
  }
  return best;
}

export function awsCliPath(): string | undefined {
  for (const p of ['/usr/bin/aws', '/usr/local/bin/aws']) if (existsSync(p)) return p;
  return undefined;
}

/** `aws s3 sync --delete`, path-style, checksums only when required (as our client). */
export async function awsCli(aws: string, source: string, bucket: string, endpoint: string, workDir: string): Promise<void> {
  const config = join(workDir, 'aws-config');
  if (!existsSync(config)) {
    await writeFile(config, '[default]\nregion = us-east-1\nrequest_checksum_calculation = when_required\nresponse_checksum_validation = when_required\ns3 =\n  addressing_style = path\n');
  }
  await exec(aws, ['s3', 'sync', source, `s3://${bucket}`, '--delete', '--only-show-errors', '--endpoint-url', endpoint], {
    ...CREDENTIALS, AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: join(workDir, 'none'), AWS_PAGER: '',
  }, workDir);
}
