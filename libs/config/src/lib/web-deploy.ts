import { ConfigError } from './config-error';
import { assertDeployEnvironment, variablePrefix } from './deploy-environment';
import { awsRegion } from './formats/aws-ids';
import { s3Url } from './formats/s3-bucket';
import { oktaDomain, oktaId, webApiUrl } from './formats/urls';
import { EnvReader } from './reader';
import { redactorForEnv } from './redact';
import type { DeployEnvironment, Env, WebDeployConfig } from './types';

/**
 * `<ENV>_WEB_AWS_S3_BUCKET`, `<ENV>_WEB_AWS_REGION`, `<ENV>_WEB_API_URL`, and the public half of
 * the environment's Okta settings (`<ENV>_OKTA_DOMAIN`, `_SERVER_ID`, `_CLIENT_ID`) for the
 * sign-in button. Never `<ENV>_OKTA_API_KEY` or any other API secret: the frontend deploy must
 * not need (or be able to leak) one.
 */
export function loadWebDeployConfig(environment: DeployEnvironment, env: Env = process.env): WebDeployConfig {
  assertDeployEnvironment(environment);
  const p = variablePrefix(environment);
  const reader = new EnvReader(env, redactorForEnv(env));
  const location = reader.required(`${p}WEB_AWS_S3_BUCKET`, s3Url);
  const region = reader.required(`${p}WEB_AWS_REGION`, awsRegion);
  const apiUrl = reader.required(`${p}WEB_API_URL`, webApiUrl);
  const okta = readWebOkta(reader, p);
  if (reader.problems.length > 0 || !location || !region || !apiUrl) {
    throw new ConfigError(reader.problems, `Invalid ${environment} web deploy configuration`);
  }
  return {
    environment, bucket: location.bucket, prefix: location.prefix, region, apiUrl,
    ...(okta.settings ? { okta: okta.settings } : {}),
    notices: okta.notices,
  };
}

/**
 * The sign-in button needs the issuer (`<domain>/oauth2/<server id>`) and the client id. Some but
 * not all of the three set: the build goes without Okta and says so (the API deploy, which
 * needs all four, reports the missing ones as errors).
 */
function readWebOkta(reader: EnvReader, p: string): { settings?: { issuer: string; clientId: string }; notices: string[] } {
  const names = [`${p}OKTA_DOMAIN`, `${p}OKTA_SERVER_ID`, `${p}OKTA_CLIENT_ID`];
  const domain = reader.optional(names[0], oktaDomain);
  const serverId = reader.optional(names[1], oktaId);
  const clientId = reader.optional(names[2], oktaId);
  if (domain && serverId && clientId) return { settings: { issuer: `${domain}/oauth2/${serverId}`, clientId }, notices: [] };
  const set = names.filter((name) => reader.isSet(name)).length;
  if (set === 0 || set === names.length) return { notices: [] };
  return { notices: [`Okta sign-in left out of the build: set all of ${names.join(', ')} to enable it.`] };
}
