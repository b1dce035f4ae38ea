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

function exec(cmd: string, args: string[], env: Record<string, string>, cwd: string, allowFailure = false): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 || allowFailure ? resolve(output) : reject(new Error(`${cmd} ${args.join(' ')} exited ${code}:\n${output.slice(-3000)}`)),
    );
  });
}

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

/** `npx nx run web:deploy` as CI runs it (with the build skipped: we time the sync, not webpack). */
export async function oursViaNx(source: string, bucket: string, endpoint: string, root: string): Promise<void> {
  await exec('npx', ['nx', 'run', 'web:deploy', '--configuration=staging', '--skip-build', `--source=${source}`], stagingEnv(bucket, endpoint), root);
}

/**
 * What Nx costs before the deploy executor does anything: `--help` (project graph, then the
 * schema), and a dry run without any configuration (graph, executor loaded, fails on the config).
 */
export async function nxStartup(root: string, runs = 3): Promise<Record<string, number>> {
  const cases: Record<string, string[]> = {
    'npx nx run web:deploy --help': ['nx', 'run', 'web:deploy', '--help'],
    'npx nx run web:deploy:staging --dry-run (no configuration)': ['nx', 'run', 'web:deploy', '--configuration=staging', '--dry-run', '--skip-build'],
    'npx nx run api:deploy:staging --dry-run (no configuration)': ['nx', 'run', 'api:deploy', '--configuration=staging', '--dry-run'],
  };
  const best: Record<string, number> = {};
  for (const [name, args] of Object.entries(cases)) {
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      await exec('npx', args, { ...NX_CI_ENV }, root, true);
      best[name] = Math.min(best[name] ?? Infinity, performance.now() - t0);
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
