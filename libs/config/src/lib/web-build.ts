import { ConfigError } from './config-error';
import { httpUrl, oktaId, webApiUrl } from './formats/urls';
import { EnvReader } from './reader';
import { redactorForEnv } from './redact';
import type { Env, WebBuildConfig } from './types';

export const DEFAULT_WEB_API_URL = '/api';

/**
 * `WEB_API_URL`, `WEB_OKTA_ISSUER`, `WEB_OKTA_CLIENT_ID`: the only variables that may reach
 * the browser bundle. Throws ConfigError listing every problem.
 */
export function loadWebBuildConfig(env: Env = process.env): WebBuildConfig {
  const reader = new EnvReader(env, redactorForEnv(env));
  const apiUrl = reader.optional('WEB_API_URL', webApiUrl) ?? DEFAULT_WEB_API_URL;
  const issuer = reader.optional('WEB_OKTA_ISSUER', httpUrl);
  const clientId = reader.optional('WEB_OKTA_CLIENT_ID', oktaId);
  const issuerSet = reader.isSet('WEB_OKTA_ISSUER');
  const clientIdSet = reader.isSet('WEB_OKTA_CLIENT_ID');
  // One without the other would show an Okta button that cannot work.
  if (issuerSet !== clientIdSet) {
    const missing = issuerSet ? 'WEB_OKTA_CLIENT_ID' : 'WEB_OKTA_ISSUER';
    const present = issuerSet ? 'WEB_OKTA_ISSUER' : 'WEB_OKTA_CLIENT_ID';
    reader.problem(missing, `is not set, but ${present} is: set both or neither`);
  }
  if (reader.problems.length > 0) throw new ConfigError(reader.problems, 'Invalid web build configuration');
  return { apiUrl, ...(issuer && clientId ? { okta: { issuer, clientId } } : {}) };
}
