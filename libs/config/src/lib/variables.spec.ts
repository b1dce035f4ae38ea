import { loadApiDeployConfig } from './api-deploy';
import { loadApiRuntimeConfig } from './api-runtime';
import { loadPreviewDeployConfig } from './preview-deploy';
import { configErrorOf } from './test/fixtures';
import { describeEnvironmentVariables, describeVariable } from './variables';
import { formatEnvironmentVariablesMarkdown } from './variables-markdown';
import { loadWebBuildConfig } from './web-build';
import { loadWebDeployConfig } from './web-deploy';
import { loadReleasesConfig } from './releases';

/** Every variable named in the seed's deployment page, for production, staging and preview. */
const SEED_VARIABLES = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'CODECOV_TOKEN',
  ...['PRODUCTION', 'STAGING'].flatMap((e) =>
    [
      'API_AWS_ACCESS_KEY_ID',
      'API_AWS_AMI',
      'API_FILES_S3_BUCKET',
      'API_AWS_REGION',
      'API_AWS_SECURITY_GROUP',
      'API_AWS_SECRET_ACCESS_KEY',
      'API_AWS_SUBNET',
      'API_AWS_TARGET_GROUP',
      'API_DATABASE_URL',
      'API_PBKDF2_ITERATIONS',
      'API_PORT',
      'API_SESSION_SECRET',
      'WEB_API_URL',
      'WEB_AWS_REGION',
      'WEB_AWS_S3_BUCKET',
      'OKTA_DOMAIN',
      'OKTA_SERVER_ID',
      'OKTA_CLIENT_ID',
      'OKTA_API_KEY',
      'JWT_SECRET',
    ].map((name) => `${e}_${name}`),
  ),
  'PREVIEW_AWS_AMI',
  'PREVIEW_AWS_REGION',
  'PREVIEW_AWS_SECURITY_GROUP',
  'PREVIEW_AWS_SUBNET',
  'PREVIEW_API_PBKDF2_ITERATIONS',
  'PREVIEW_OKTA_DOMAIN',
  'PREVIEW_OKTA_SERVER_ID',
  'PREVIEW_OKTA_CLIENT_ID',
  'PREVIEW_OKTA_API_KEY',
];

/** The contract's variables beyond the seed's. */
const EXTRA_VARIABLES = [
  'GITHUB_TOKEN',
  'GITHUB_API_URL',
  'CIRCLE_TOKEN',
  'CIRCLE_USERNAME',
  'RELEASES_AWS_S3_BUCKET',
  'RELEASES_AWS_REGION',
  'AWS_ENDPOINT_URL',
  'AWS_S3_FORCE_PATH_STYLE',
  'WEB_API_URL',
  'WEB_OKTA_ISSUER',
  'WEB_OKTA_CLIENT_ID',
  'PORT',
  'DATABASE_URL',
  'FILES_S3_BUCKET',
  'FILES_DIR',
  'AWS_REGION',
  'PBKDF2_ITERATIONS',
  'SESSION_SECRET',
  'OKTA_DOMAIN',
  'OKTA_SERVER_ID',
  'OKTA_CLIENT_ID',
  'OKTA_API_KEY',
  'OKTA_AUDIENCE',
  'NODE_ENV',
  'LOG_LEVEL',
  'TRUST_PROXY',
  'LOGIN_MAX_FAILED_ATTEMPTS',
  'LOGIN_FAILURE_WINDOW_SECONDS',
  'LOGIN_LOCK_SECONDS',
  'SESSION_TTL_SECONDS',
  'SHUTDOWN_TIMEOUT_MS',
  'DATABASE_STATEMENT_TIMEOUT_MS',
  'PBKDF2_CONCURRENCY',
  'PBKDF2_QUEUE_LIMIT',
];

describe('describeEnvironmentVariables', () => {
  const table = describeEnvironmentVariables();
  const names = table.map((v) => v.name);

  it('lists every seed variable and every extra variable of the contract, each once', () => {
    for (const name of [...SEED_VARIABLES, ...EXTRA_VARIABLES]) expect(names).toContain(name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('lists every variable a loader reports as missing or wrong', () => {
    const reported = [
      ...configErrorOf(() => loadApiDeployConfig('production', { PRODUCTION_OKTA_DOMAIN: 'x.okta.com' })).problems,
      ...configErrorOf(() => loadApiDeployConfig('staging', {})).problems,
      ...configErrorOf(() => loadWebDeployConfig('production', {})).problems,
      ...configErrorOf(() => loadPreviewDeployConfig({ PREVIEW_OKTA_DOMAIN: 'x.okta.com', GITHUB_API_URL: 'x' })).problems,
      ...configErrorOf(() => loadApiRuntimeConfig({ NODE_ENV: 'production', OKTA_DOMAIN: 'x.okta.com', AWS_S3_FORCE_PATH_STYLE: '?' })).problems,
      ...configErrorOf(() => loadWebBuildConfig({ WEB_OKTA_ISSUER: 'https://x.okta.com' })).problems,
      ...configErrorOf(() => loadReleasesConfig({})).problems,
    ].map((p) => p.variable);
    expect(reported.length).toBeGreaterThan(30);
    for (const name of reported) expect(names).toContain(name);
  });

  it('marks secrets and required variables', () => {
    const byName = new Map(table.map((v) => [v.name, v]));
    expect(byName.get('PRODUCTION_JWT_SECRET')).toMatchObject({ group: 'Production deploy', required: true, secret: true });
    expect(byName.get('STAGING_API_DATABASE_URL')).toMatchObject({ group: 'Staging deploy', secret: true });
    expect(byName.get('PREVIEW_AWS_AMI')).toMatchObject({ group: 'Preview deploy', required: true, secret: false });
    expect(byName.get('SESSION_SECRET')).toMatchObject({ group: 'API runtime', required: 'production', secret: true });
    expect(byName.get('PORT')).toMatchObject({ required: false, default: '8000' });
    expect(byName.get('GITHUB_API_URL')).toMatchObject({ default: 'https://api.github.com' });
    expect(byName.get('RELEASES_AWS_S3_BUCKET')).toMatchObject({ group: 'Releases', required: true, secret: false });
    expect(table.every((v) => v.description.length > 10)).toBe(true);
  });

  it('describes a variable by name', () => {
    expect(describeVariable('PREVIEW_AWS_SUBNET')).toBe('Subnet of preview instances.');
    expect(describeVariable('NOT_A_VARIABLE')).toBeUndefined();
  });
});

describe('formatEnvironmentVariablesMarkdown', () => {
  it('renders one table per group', () => {
    const markdown = formatEnvironmentVariablesMarkdown();
    for (const group of ['API runtime', 'Web build', 'CI and tooling', 'Releases', 'Production deploy', 'Staging deploy', 'Preview deploy']) {
      expect(markdown).toContain(`### ${group}\n\n| Name | Required | Secret | Default | Description |`);
    }
    expect(markdown).toContain('| `SESSION_SECRET` | in production | yes | random per process outside production |');
    expect(markdown).toContain('| `PRODUCTION_API_AWS_AMI` | yes |  |  |');
  });

  it('escapes pipes in cells', () => {
    const markdown = formatEnvironmentVariablesMarkdown([
      { name: 'X', group: 'Web build', required: false, secret: false, description: 'a | b' },
    ]);
    expect(markdown).toContain('| `X` | no |  |  | a \\| b |');
  });
});
