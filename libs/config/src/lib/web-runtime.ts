import { ConfigError } from './config-error';
import { assertDeployEnvironment, variablePrefix } from './deploy-environment';
import { oktaDomain, oktaId, webApiUrl } from './formats/urls';
import { EnvReader } from './reader';
import { redactorForEnv } from './redact';
import type { DeployEnvironment, Env, WebRuntimeConfig } from './types';

/**
 * What one environment's `/config.json` holds: `<ENV>_WEB_API_URL`, and the Okta issuer and
 * client id from `<ENV>_OKTA_DOMAIN`, `_SERVER_ID` and `_CLIENT_ID`. The file is public, so
 * only these are read; the Okta API key (a secret) is never touched here. Okta is on when the
 * three are set, and a partial set is an error: the sign-in button would fail at run time.
 */
export function loadWebRuntimeConfig(environment: DeployEnvironment, env: Env = process.env): WebRuntimeConfig {
  assertDeployEnvironment(environment);
  const p = variablePrefix(environment);
  const reader = new EnvReader(env, redactorForEnv(env));
  const apiUrl = reader.required(`${p}WEB_API_URL`, webApiUrl);
  const names = [`${p}OKTA_DOMAIN`, `${p}OKTA_SERVER_ID`, `${p}OKTA_CLIENT_ID`];
  const set = names.filter((name) => reader.isSet(name));
  if (set.length > 0 && set.length < names.length) {
    for (const name of names.filter((n) => !set.includes(n))) {
      reader.problem(name, `is not set, but ${set.join(', ')} ${set.length === 1 ? 'is' : 'are'}: the web sign-in needs all three or none`);
    }
  }
  const domain = reader.optional(names[0], oktaDomain);
  const serverId = reader.optional(names[1], oktaId);
  const clientId = reader.optional(names[2], oktaId);
  if (reader.problems.length > 0 || !apiUrl) throw new ConfigError(reader.problems, `Invalid ${environment} web runtime configuration`);
  const okta = domain && serverId && clientId ? { issuer: `${domain}/oauth2/${serverId}`, clientId } : null;
  return { apiUrl, okta };
}
