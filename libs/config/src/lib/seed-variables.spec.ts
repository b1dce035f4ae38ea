import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadApiDeployConfig } from './api-deploy';
import { loadPreviewDeployConfig } from './preview-deploy';
import { validApiDeployEnv, validFilesKeyEnv, validOktaEnv, validPreviewEnv, validWebDeployEnv } from './test/fixtures';
import type { Env } from './types';
import { describeEnvironmentVariables } from './variables';
import { loadWebDeployConfig } from './web-deploy';

// The seed's deployment page, copied verbatim (CI's clone has no ../shared): the names are
// extracted from its tables, so a variable renamed or forgotten on either side fails here.
const SEED_TEXT = readFileSync(join(__dirname, 'test/__fixtures__/seed-development-deployment.txt'), 'utf8');
/** First word of each table row: `NAME Description…`. */
const SEED_NAMES = [...new Set([...SEED_TEXT.matchAll(/^([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+) \S/gm)].map((m) => m[1]))].sort();
const PREFIXED = /^(PRODUCTION|STAGING|PREVIEW)_/;
const SEED_PREFIXED = SEED_NAMES.filter((n) => PREFIXED.test(n));

/** Our additions to the seed's per-environment names (documented in the variable table). */
const OUR_PREFIXED_ADDITIONS = [
  'PREVIEW_AWS_INSTANCE_PROFILE',
  'PREVIEW_AWS_KMS_KEY',
  'PREVIEW_OKTA_AUDIENCE',
  'PRODUCTION_API_AWS_INSTANCE_PROFILE',
  'PRODUCTION_API_AWS_KMS_KEY',
  'PRODUCTION_OKTA_AUDIENCE',
  'STAGING_API_AWS_INSTANCE_PROFILE',
  'STAGING_API_AWS_KMS_KEY',
  'STAGING_OKTA_AUDIENCE',
];

const GROUP = { PRODUCTION: 'Production deploy', STAGING: 'Staging deploy', PREVIEW: 'Preview deploy' } as const;

/** Every loader that reads an environment's variables, and a complete valid env for them. */
function loadersOf(prefix: keyof typeof GROUP): { env: Env; load: Array<(env: Env) => unknown> } {
  if (prefix === 'PREVIEW') {
    return { env: { ...validPreviewEnv(), ...validOktaEnv('PREVIEW_') }, load: [loadPreviewDeployConfig] };
  }
  const environment = prefix === 'PRODUCTION' ? 'production' : 'staging';
  return {
    env: { ...validApiDeployEnv(environment), ...validFilesKeyEnv(environment), ...validOktaEnv(`${prefix}_`), ...validWebDeployEnv(environment) },
    load: [(env) => loadApiDeployConfig(environment, env), (env) => loadWebDeployConfig(environment, env)],
  };
}

/** Variables the loaders report as problems for this env (none when all load). */
function reported(prefix: keyof typeof GROUP, env: Env): string[] {
  return loadersOf(prefix).load.flatMap((load) => {
    try {
      load(env);
      return [];
    } catch (error) {
      return (error as { problems: Array<{ variable: string }> }).problems.map((p) => p.variable);
    }
  });
}

describe('the seed deployment page versus libs/config', () => {
  it('the extraction is not vacuous: the seed names 49 per-environment variables', () => {
    expect(SEED_PREFIXED).toHaveLength(49);
    expect(SEED_PREFIXED).toEqual(expect.arrayContaining(['PRODUCTION_API_AWS_AMI', 'STAGING_WEB_AWS_S3_BUCKET', 'PREVIEW_AWS_SUBNET', 'STAGING_JWT_SECRET']));
    expect(SEED_NAMES).toEqual(expect.arrayContaining(['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'CODECOV_TOKEN']));
  });

  it('the variable table lists every seed variable, in its environment\'s group', () => {
    const table = new Map(describeEnvironmentVariables().map((v) => [v.name, v.group]));
    const missing = SEED_NAMES.filter((name) => !table.has(name));
    expect(missing).toEqual([]);
    for (const name of SEED_PREFIXED) {
      const prefix = name.split('_')[0] as keyof typeof GROUP;
      expect({ name, group: table.get(name) }).toEqual({ name, group: GROUP[prefix] });
    }
  });

  it('the table has no per-environment name the seed lacks, except our documented additions (no typos)', () => {
    const ours = describeEnvironmentVariables().map((v) => v.name).filter((n) => PREFIXED.test(n));
    expect(ours.filter((n) => !SEED_PREFIXED.includes(n)).sort()).toEqual(OUR_PREFIXED_ADDITIONS);
  });

  it.each(['PRODUCTION', 'STAGING', 'PREVIEW'] as const)('%s: the complete seed set loads without problems', (prefix) => {
    const { env } = loadersOf(prefix);
    expect(SEED_PREFIXED.filter((n) => n.startsWith(`${prefix}_`) && !(n in env))).toEqual([]);
    expect(reported(prefix, env)).toEqual([]);
  });

  it.each(SEED_PREFIXED)('%s is read under exactly this name: removing it is reported', (name) => {
    const prefix = name.split('_')[0] as keyof typeof GROUP;
    const { env } = loadersOf(prefix);
    delete env[name];
    expect(reported(prefix, env)).toEqual([name]);
  });
});
