import { ConfigError } from './config-error';
import { assertDeployEnvironment, variablePrefix } from './deploy-environment';
import { awsRegion } from './formats/aws-ids';
import { s3Url } from './formats/s3-bucket';
import { webApiUrl } from './formats/urls';
import { EnvReader } from './reader';
import { redactorForEnv } from './redact';
import type { DeployEnvironment, Env, WebDeployConfig } from './types';

/**
 * `<ENV>_WEB_AWS_S3_BUCKET`, `<ENV>_WEB_AWS_REGION`, `<ENV>_WEB_API_URL` only: the frontend
 * deploy must not need (or be able to leak) any API secret.
 */
export function loadWebDeployConfig(environment: DeployEnvironment, env: Env = process.env): WebDeployConfig {
  assertDeployEnvironment(environment);
  const p = variablePrefix(environment);
  const reader = new EnvReader(env, redactorForEnv(env));
  const location = reader.required(`${p}WEB_AWS_S3_BUCKET`, s3Url);
  const region = reader.required(`${p}WEB_AWS_REGION`, awsRegion);
  const apiUrl = reader.required(`${p}WEB_API_URL`, webApiUrl);
  if (reader.problems.length > 0 || !location || !region || !apiUrl) {
    throw new ConfigError(reader.problems, `Invalid ${environment} web deploy configuration`);
  }
  return { environment, bucket: location.bucket, prefix: location.prefix, region, apiUrl };
}
