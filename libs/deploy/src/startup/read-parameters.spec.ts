import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { startInstanceRoleWorld, type InstanceRoleWorld } from '../../testing/instance-role';
import { READ_PARAMETERS_SCRIPT } from './read-parameters';

/**
 * The boot-time reader, run as on an instance: copied alone into a folder, the SDK found through
 * NODE_PATH, credentials only from the metadata stand-in (IMDSv2), values from the SSM stand-in.
 */
const NODE_MODULES = resolve(__dirname, '../../../../node_modules');
const PATH = '/eapd/production';
let dir: string;
let world: InstanceRoleWorld;

function runReader(w: InstanceRoleWorld, path = PATH, extraEnv: Record<string, string> = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done, reject) => {
    // What the startup script passes: nothing of this process's environment (no AWS keys).
    const env = {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      NODE_PATH: NODE_MODULES,
      PARAMETER_PATH: path,
      AWS_REGION: 'us-east-1',
      AWS_EC2_METADATA_SERVICE_ENDPOINT: w.metadata.url,
      AWS_EC2_METADATA_V1_DISABLED: 'true',
      AWS_ENDPOINT_URL_SSM: w.ssm.url,
      // Node 20 on this machine: keeps the SDK's version notice out of the stderr assertions.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      ...extraEnv,
    };
    const child = spawn(process.execPath, [join(dir, 'read-parameters.js')], { env, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

/** Sources the env file in bash and returns the variables it set, as Node sees them. */
function sourced(envFile: string, names: string[]): Record<string, string | undefined> {
  const file = join(dir, `api-${Math.random().toString(36).slice(2)}.env`);
  writeFileSync(file, envFile, { mode: 0o600 });
  const result = spawnSync('bash', ['-c', `set -a; . '${file}'; set +a; exec node -e 'process.stdout.write(JSON.stringify(Object.fromEntries(process.argv.slice(1).map((n) => [n, process.env[n]]))))' ${names.join(' ')}`], {
    encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env['PATH'] },
  });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout) as Record<string, string | undefined>;
}

jest.setTimeout(60_000);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'read-parameters-'));
  writeFileSync(join(dir, 'read-parameters.js'), READ_PARAMETERS_SCRIPT);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(async () => {
  world = await startInstanceRoleWorld({ path: PATH, pageSize: 3 });
});
afterEach(() => world.close());

describe('read-parameters (the instance side), against the metadata and SSM stand-ins', () => {
  it('reads every page with the role credentials from the IMDSv2 token flow, decrypted', async () => {
    for (let i = 0; i < 8; i++) world.ssm.put(`${PATH}/VAR_${i}`, `value-${i}`);
    world.ssm.put('/eapd/staging/OTHER', 'another environment');
    const result = await runReader(world);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(sourced(result.stdout, ['VAR_0', 'VAR_7', 'OTHER'])).toEqual({ VAR_0: 'value-0', VAR_7: 'value-7' });

    const pages = world.ssm.callsOf('GetParametersByPath');
    expect(pages).toHaveLength(3);
    expect(pages.every((c) => c.accessKeyId === world.role.accessKeyId && c.input['WithDecryption'] === true && c.input['Path'] === PATH)).toBe(true);
    // Token first, every GET with it, and never a plain (IMDSv1) GET.
    expect(world.metadata.requests[0]).toMatchObject({ method: 'PUT', path: '/latest/api/token', status: 200 });
    const gets = world.metadata.requests.filter((r) => r.method === 'GET');
    expect(gets.map((r) => r.path)).toEqual(expect.arrayContaining(['/latest/meta-data/iam/security-credentials/', '/latest/meta-data/iam/security-credentials/eapd-instance-role']));
    expect(gets.every((r) => r.token)).toBe(true);
  });

  it('writes an env file that gives back every value byte for byte (quotes, newlines, $, backslashes, unicode)', async () => {
    const value = fc.string({ unit: 'binary', minLength: 1, maxLength: 80 }).map((v) => v.replace(/\0/g, '') || 'x');
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.stringMatching(/^[A-Z][A-Z0-9_]{0,10}$/).filter((n) => !/^(PATH|HOME|SHELL|USER|LOGNAME|IFS|ENV|PS4|LD_.*|BASH_.*|NODE_.*|PM2_HOME)$/.test(n)), value, { minKeys: 1, maxKeys: 6 }), async (settings) => {
        const w = await startInstanceRoleWorld({ path: PATH });
        try {
          for (const [k, v] of Object.entries(settings)) w.ssm.put(`${PATH}/${k}`, v);
          const result = await runReader(w);
          expect(result.status).toBe(0);
          expect(sourced(result.stdout, Object.keys(settings))).toEqual(settings);
        } finally {
          await w.close();
        }
      }),
      { numRuns: 6 },
    );
  }, 120_000);

  it('retries Parameter Store throttling', async () => {
    for (let i = 0; i < 5; i++) world.ssm.put(`${PATH}/VAR_${i}`, `v${i}`);
    world.ssm.faults.add({ service: 'SSM', operation: 'GetParametersByPath', fault: { kind: 'throttle' }, times: 3 });
    const result = await runReader(world);
    expect(result.status).toBe(0);
    expect(world.ssm.faults.callsOf('GetParametersByPath').filter((c) => c.fault === 'throttle')).toHaveLength(3);
    expect(Object.keys(sourced(result.stdout, ['VAR_0', 'VAR_4']))).toEqual(['VAR_0', 'VAR_4']);
  });

  it('skips names that would change how the shell or Node runs the API', async () => {
    world.ssm.put(`${PATH}/NODE_OPTIONS`, '--require /tmp/evil.js');
    world.ssm.put(`${PATH}/LD_PRELOAD`, '/tmp/evil.so');
    world.ssm.put(`${PATH}/PATH`, '/tmp');
    world.ssm.put(`${PATH}/lower_case`, 'x');
    world.ssm.put(`${PATH}/SESSION_SECRET`, 'kept');
    const result = await runReader(world);
    expect(result.status).toBe(0);
    expect(result.stdout).not.toMatch(/NODE_OPTIONS|LD_PRELOAD|export PATH|lower_case|evil/);
    expect(result.stdout).toContain("export SESSION_SECRET='kept'");
    expect(result.stderr).toContain(`skipped ${PATH}/NODE_OPTIONS: not a variable the API may be started with`);
  });

  it('fails (exit 1, nothing on stdout) when the path is empty or the role may not read it, without printing a value', async () => {
    world.ssm.put('/eapd/staging/SESSION_SECRET', 'staging-secret-LEAK');
    const empty = await runReader(world);
    expect(empty).toMatchObject({ status: 1, stdout: '' });
    expect(empty.stderr).toContain('no parameters under /eapd/production/');
    const denied = await runReader(world, '/eapd/staging');
    expect(denied).toMatchObject({ status: 1, stdout: '' });
    expect(denied.stderr).toMatch(/AccessDenied/);
    expect(denied.stderr + denied.stdout).not.toContain('staging-secret-LEAK');
  });

  it('never uses credentials from its own environment: with no instance role it fails, even with valid keys set', async () => {
    const noRole = await startInstanceRoleWorld({ path: PATH });
    await noRole.metadata.close();
    try {
      noRole.ssm.put(`${PATH}/A`, 'b');
      const result = await runReader(noRole, PATH, { AWS_ACCESS_KEY_ID: noRole.deployer.accessKeyId, AWS_SECRET_ACCESS_KEY: noRole.deployer.secretAccessKey });
      expect(result.status).toBe(1);
      expect(noRole.ssm.calls).toEqual([]);
    } finally {
      await noRole.ssm.close();
    }
  }, 60_000);
});
