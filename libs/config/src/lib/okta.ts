import { oktaDomain, oktaId } from './formats/urls';
import { anyValue } from './formats/numbers';
import type { EnvReader } from './reader';
import type { OktaSettings } from './types';

export const DEFAULT_OKTA_AUDIENCE = 'api://default';

/** The four Okta variables, in the order people set them. */
export const OKTA_PARTS = ['DOMAIN', 'SERVER_ID', 'CLIENT_ID', 'API_KEY'] as const;

/**
 * Reads `<prefix>OKTA_DOMAIN`, `_SERVER_ID`, `_CLIENT_ID`, `_API_KEY` (and optional `_AUDIENCE`).
 * All four or none: with some but not all set, sign-in through Okta would fail at run time
 * in a way that is hard to trace back to a missing variable, so it is a config error here.
 */
export function readOkta(reader: EnvReader, prefix: string): OktaSettings | undefined {
  const names = OKTA_PARTS.map((part) => `${prefix}OKTA_${part}`);
  const audienceName = `${prefix}OKTA_AUDIENCE`;
  const set = names.filter((name) => reader.isSet(name));
  if (set.length === 0) {
    if (reader.isSet(audienceName)) {
      reader.problem(audienceName, `is set but Okta is not configured: set ${names.join(', ')} too, or unset it`);
    }
    return undefined;
  }
  if (set.length < names.length) {
    const missing = names.filter((name) => !set.includes(name));
    for (const name of missing) {
      reader.problem(name, `is not set, but ${set.join(', ')} ${set.length === 1 ? 'is' : 'are'}: set all four Okta variables or none`);
    }
  }
  const domain = reader.optional(names[0], oktaDomain);
  const serverId = reader.optional(names[1], oktaId);
  const clientId = reader.optional(names[2], oktaId);
  const apiKey = reader.optional(names[3], anyValue, { secret: true });
  const audience = reader.optional(audienceName, anyValue) ?? DEFAULT_OKTA_AUDIENCE;
  if (domain === undefined || serverId === undefined || clientId === undefined || apiKey === undefined) {
    return undefined;
  }
  return { domain, serverId, clientId, apiKey, issuer: `${domain}/oauth2/${serverId}`, audience };
}
