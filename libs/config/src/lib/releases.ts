import { ConfigError } from './config-error';
import { awsRegion } from './formats/aws-ids';
import { s3Url } from './formats/s3-bucket';
import { EnvReader } from './reader';
import { redactorForEnv } from './redact';
import type { Env, ReleasesConfig } from './types';

/**
 * `RELEASES_AWS_S3_BUCKET` (`s3://bucket[/prefix]`) and `RELEASES_AWS_REGION`: the one bucket,
 * shared by every environment, that holds published releases, the deploy history and the
 * environment locks. Throws ConfigError listing every problem.
 */
export function loadReleasesConfig(env: Env = process.env): ReleasesConfig {
  const reader = new EnvReader(env, redactorForEnv(env));
  const location = reader.required('RELEASES_AWS_S3_BUCKET', s3Url);
  const region = reader.required('RELEASES_AWS_REGION', awsRegion);
  if (reader.problems.length > 0 || !location || !region) {
    throw new ConfigError(reader.problems, 'Invalid releases bucket configuration');
  }
  return { bucket: location.bucket, prefix: location.prefix, region };
}

/** True when the releases bucket is configured at all (a half-set pair is still an error on load). */
export function releasesConfigured(env: Env = process.env): boolean {
  return ['RELEASES_AWS_S3_BUCKET', 'RELEASES_AWS_REGION'].some((name) => (env[name] ?? '').trim() !== '');
}
