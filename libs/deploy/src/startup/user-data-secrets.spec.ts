import { describeEnvironmentVariables, loadApiDeployConfig, loadPreviewDeployConfig, type Env, type EnvironmentVariable } from '@eapd/config';
import fc from 'fast-check';
import { FakeClock } from '../../testing/fake-clock';
import { FakeCompute } from '../../testing/fake-compute';
import { FakeParameters } from '../../testing/fake-parameters';
import { planPreviewDeploy } from '../preview/plan-preview-deploy';
import { renderProductionStartupScript } from './production-script';
import { shellQuote } from './shell';
import { decodeUserData, encodeUserData } from './user-data';
import { sampleReleaseDownloads } from '../../testing/release-fixture';
import { PREVIEW_INFRA_ENV } from '../../testing/preview-harness';

/**
 * Property: for every rendered startup script (production, staging, preview) and any secret
 * values — quotes, newlines, `$`, backslashes, unicode — no secret and no recognisable part
 * of one is in the user data. Every secret-flagged variable of the deploy configs is covered,
 * read from the variable table, so a new secret is covered (or fails here for want of a
 * generator) without anyone remembering this file. Stronger still: the user data does not
 * depend on the secrets at all — two different sets render the same bytes.
 */

/**
 * Issue 14 (releases) removes the GitHub token from previews' user data (the instance then
 * fetches a published release, not GitHub's tarball). Until then it is held the same on both
 * sides of the comparison and left out of the absence check. Delete this entry with that change.
 */
const DELIVERED_BY_ISSUE_14 = new Set(['GITHUB_TOKEN']);

const DEPLOY_GROUPS = ['Production deploy', 'Staging deploy', 'Preview deploy'] as const;
const SECRETS = describeEnvironmentVariables().filter((v) => v.secret && (DEPLOY_GROUPS as readonly string[]).includes(v.group));

/** Bytes that shells, JSON, URLs and sed like to interpret, and non-ASCII. */
const nasty = fc.string({ unit: fc.constantFrom(...`'"$\`\\|&;*!#%{}()[]<>?~ \n\t=/:@+`.split(''), 'ü', '€', '🔑', 'a', 'Z', '0'), maxLength: 24 });
/** A distinctive core (what a person would recognise), wrapped in nasty bytes. */
const core = fc.stringMatching(/^[a-z0-9]{12}$/).map((s) => `Q${s}Q`);

interface Generated {
  env: Env;
  /** Per variable: the parts that must never appear (the whole value, its core, the password). */
  parts: Record<string, string[]>;
}

function generatorFor(v: EnvironmentVariable): fc.Arbitrary<{ value: string; parts: string[] }> {
  if (v.name.endsWith('_DATABASE_URL')) {
    return fc.tuple(nasty, core, nasty).map(([a, c, b]) => {
      const password = `${a}${c}${b}`;
      return { value: `postgres://eapd:${encodeURIComponent(password)}@db.internal:5432/eapd`, parts: [password, encodeURIComponent(password), c] };
    });
  }
  if (v.name.endsWith('_ACCESS_KEY_ID')) {
    return fc.stringMatching(/^[A-Z0-9]{16}$/).map((s) => ({ value: `AKIA${s}`, parts: [`AKIA${s}`, s] }));
  }
  if (/_(SESSION_SECRET|JWT_SECRET|SECRET_ACCESS_KEY|OKTA_API_KEY)$/.test(v.name) || v.name === 'GITHUB_TOKEN') {
    // Long enough for the 32-byte minimum whatever the nasty parts are.
    return fc.tuple(nasty, core, nasty).map(([a, c, b]) => ({ value: `${a}${c}${b}-padding-to-32-bytes-minimum`, parts: [`${a}${c}${b}-padding-to-32-bytes-minimum`, c] }));
  }
  throw new Error(`No generator for the secret ${v.name}: add one so the user-data property covers it.`);
}

function generated(prefix: 'PRODUCTION' | 'STAGING' | 'PREVIEW'): fc.Arbitrary<Generated> {
  const vars = SECRETS.filter((v) => v.name.startsWith(`${prefix}_`) || (prefix === 'PREVIEW' && v.group === 'Preview deploy'));
  return fc.tuple(...vars.map((v) => generatorFor(v))).map((values) => ({
    env: Object.fromEntries(vars.map((v, i) => [v.name, values[i].value])),
    parts: Object.fromEntries(vars.map((v, i) => [v.name, values[i].parts])),
  }));
}

function baseApiEnv(p: string): Env {
  return {
    [`${p}_API_AWS_AMI`]: 'ami-0123456789abcdef0',
    [`${p}_API_AWS_REGION`]: 'us-east-1',
    [`${p}_API_AWS_SUBNET`]: 'subnet-0123456789abcdef0',
    [`${p}_API_AWS_SECURITY_GROUP`]: 'sg-0123456789abcdef0',
    [`${p}_API_AWS_TARGET_GROUP`]: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/eapd-api/0123456789abcdef',
    [`${p}_API_PORT`]: '8080',
    [`${p}_API_FILES_S3_BUCKET`]: 'eapd-files',
    [`${p}_API_PBKDF2_ITERATIONS`]: '310000',
    [`${p}_API_AWS_INSTANCE_PROFILE`]: 'eapd-api',
    [`${p}_OKTA_DOMAIN`]: 'example.okta.com',
    [`${p}_OKTA_SERVER_ID`]: 'default',
    [`${p}_OKTA_CLIENT_ID`]: '0oa1b2c3d4',
  };
}

const BASE_PREVIEW_ENV: Env = {
  ...PREVIEW_INFRA_ENV,
  PREVIEW_OKTA_DOMAIN: 'example.okta.com',
  PREVIEW_OKTA_SERVER_ID: 'default',
  PREVIEW_OKTA_CLIENT_ID: '0oa1b2c3d4',
};

function renderApi(environment: 'production' | 'staging', env: Env): string {
  const config = loadApiDeployConfig(environment, env);
  // Exactly what the rollover executor renders for each launch (its renderUserData).
  return renderProductionStartupScript({ config, artifact: { url: 'https://releases.example/api-abc.zip', sha256: 'a'.repeat(64), gitSha: 'c'.repeat(40) }, nodeVersion: '24.22.1' });
}

async function renderPreview(env: Env): Promise<string> {
  const config = loadPreviewDeployConfig(env);
  const clock = new FakeClock();
  // Exactly what api:preview launches: the launch step's spec, from the real planner.
  const plan = await planPreviewDeploy(
    { repository: 'acme/eapd', pr: 7, sha: 'b'.repeat(40), config, release: sampleReleaseDownloads('b'.repeat(40)), instanceType: 't3.medium', waitHealthy: true, healthTimeoutMs: 60_000, runningTimeoutMs: 60_000 },
    { compute: new FakeCompute(clock), clock, parameters: new FakeParameters() },
  );
  const launch = plan.steps.find((s) => s.action === 'launch');
  if (launch?.action !== 'launch') throw new Error('the preview plan has no launch step');
  return launch.spec.userData;
}

/** Every form in which a secret part could be recognised in a script. */
function forms(part: string): string[] {
  return [part, shellQuote(part).slice(1, -1), JSON.stringify(part).slice(1, -1), encodeURIComponent(part), Buffer.from(part).toString('base64')].filter((f) => f.length >= 6);
}

/**
 * Scans what an instance's user data really is: the base64 RunInstances sends, its raw
 * (gzip) bytes, and the script cloud-init runs after decompressing them. The compression
 * hides nothing from this check: the decompressed script is scanned.
 */
function expectNoSecret(script: string, g: Generated): void {
  const encoded = encodeUserData(script);
  const decompressed = decodeUserData(encoded);
  expect(decompressed).toBe(script);
  const texts = { decompressed, base64: encoded, raw: Buffer.from(encoded, 'base64').toString('latin1') };
  for (const [name, parts] of Object.entries(g.parts)) {
    if (DELIVERED_BY_ISSUE_14.has(name)) continue;
    for (const part of parts) {
      for (const form of forms(part)) {
        for (const [where, text] of Object.entries(texts)) expect({ name, where, found: text.includes(form) }).toEqual({ name, where, found: false });
      }
    }
  }
}

describe('no secret in any user data (property)', () => {
  it('covers every secret-flagged variable of the deploy configs', () => {
    expect(SECRETS.map((v) => v.name).sort()).toEqual(
      expect.arrayContaining(['PRODUCTION_API_DATABASE_URL', 'STAGING_JWT_SECRET', 'PREVIEW_OKTA_API_KEY', 'PRODUCTION_API_AWS_SECRET_ACCESS_KEY', 'GITHUB_TOKEN']),
    );
    for (const v of SECRETS) expect(() => generatorFor(v)).not.toThrow();
  });

  it.each(['production', 'staging'] as const)('%s: no secret or part of one, and the same bytes whatever the secrets', (environment) => {
    const P = environment.toUpperCase() as 'PRODUCTION' | 'STAGING';
    fc.assert(
      fc.property(generated(P), generated(P), (a, b) => {
        const first = renderApi(environment, { ...baseApiEnv(P), ...a.env });
        expectNoSecret(first, a);
        expect(renderApi(environment, { ...baseApiEnv(P), ...b.env })).toBe(first);
      }),
      { numRuns: 60 },
    );
  });

  it('preview: no secret or part of one, and the same bytes whatever the secrets', async () => {
    await fc.assert(
      fc.asyncProperty(generated('PREVIEW'), generated('PREVIEW'), async (a, b) => {
        const first = await renderPreview({ ...BASE_PREVIEW_ENV, ...a.env });
        expectNoSecret(first, a);
        const heldForIssue14 = Object.fromEntries([...DELIVERED_BY_ISSUE_14].map((n) => [n, a.env[n]]));
        expect(await renderPreview({ ...BASE_PREVIEW_ENV, ...b.env, ...heldForIssue14 })).toBe(first);
      }),
      { numRuns: 60 },
    );
  });

  it('the check itself finds a secret that is there (it would catch seed defect 11 coming back)', () => {
    const g: Generated = { env: {}, parts: { PRODUCTION_API_SESSION_SECRET: [`it's "Qabcdefabcdef0Q" $x`] } };
    expect(() => expectNoSecret(`SESSION_SECRET=${shellQuote(`it's "Qabcdefabcdef0Q" $x`)}`, g)).toThrow();
    expect(() => expectNoSecret('echo Qabcdefabcdef0Q', { env: {}, parts: { X: ['Qabcdefabcdef0Q'] } })).toThrow();
  });
});
