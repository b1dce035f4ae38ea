import { invalid, type Parser } from '../reader';

/** An absolute http(s) URL; returned without a trailing slash so callers can append paths. */
export const httpUrl: Parser<string> = (raw) => {
  const expected = 'expected an absolute http:// or https:// URL';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return invalid(expected);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return invalid(expected);
  if (url.username || url.password) return invalid(`${expected} without credentials in it`, { showValue: false });
  return raw.replace(/\/+$/, '');
};

const HOST = /^(localhost|\d{1,3}(\.\d{1,3}){3}|([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,63})(:\d{1,5})?$/i;
const PATH = /^\/[A-Za-z0-9\-._~!$&'()*+,;=:@%/]*$/;

/**
 * The API URL baked into the web build: absolute ("https://api.example.gov/api"), a path on
 * the same origin ("/api"), or host and path without a scheme ("api.example.gov/api"), which
 * the browser resolves with the page's own scheme.
 */
export const webApiUrl: Parser<string> = (raw) => {
  const expected =
    'expected a relative URL ("/api", "api.example.gov/api") or an absolute http(s) URL ("https://api.example.gov/api")';
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) {
    const absolute = httpUrl(raw);
    return typeof absolute === 'string' ? absolute : invalid(expected);
  }
  if (raw.startsWith('//')) return invalid(expected);
  if (raw.startsWith('/')) return PATH.test(raw) ? raw.replace(/(.)\/+$/, '$1') : invalid(expected);
  const slash = raw.indexOf('/');
  const host = slash === -1 ? raw : raw.slice(0, slash);
  const path = slash === -1 ? '' : raw.slice(slash);
  if (!HOST.test(host) || (path && !PATH.test(path))) return invalid(expected);
  return raw.replace(/\/+$/, '');
};

/**
 * A PostgreSQL connection URL. It normally holds a password, so its variable is a secret and
 * the message never repeats it.
 */
export const postgresUrl: Parser<string> = (raw) => {
  const expected = 'expected a PostgreSQL URL like "postgres://user:password@host:5432/database"';
  let url: URL;
  try {
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) return invalid(expected);
    url = new URL(raw);
  } catch {
    return invalid(expected);
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    return invalid(expected, { got: `a ${url.protocol.replace(/:$/, '')}: URL` });
  }
  if (!url.hostname && !url.searchParams.get('host')) return invalid(`${expected}: the host is missing`);
  return raw;
};

/**
 * The Okta org: "example.okta.com" or "https://example.okta.com/". Normalised to
 * "https://example.okta.com" (no trailing slash) so `${domain}/oauth2/${serverId}` is the issuer.
 */
export const oktaDomain: Parser<string> = (raw) => {
  const expected = 'expected an Okta domain like "example.okta.com" or "https://example.okta.com"';
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return invalid(expected);
  }
  // http only for a local test issuer; a real Okta org is always https.
  const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) return invalid(expected);
  if (url.pathname !== '/' || url.search || url.hash || url.username) return invalid(`${expected} (no path)`);
  return url.origin;
};

/** Okta's ids: authorization server ids ("default", "aus1a2b3c"), client ids ("0oa…"). */
export const oktaId: Parser<string> = (raw) =>
  /^[A-Za-z0-9_-]{1,100}$/.test(raw) ? raw : invalid('expected an Okta id (letters, digits, "-" and "_")');

/**
 * Express's `trust proxy`: true/false, a hop count, or addresses/subnets
 * ("loopback", "10.0.0.0/8, 127.0.0.1"). Returned in the form Express accepts.
 */
export const trustProxy: Parser<boolean | number | string> = (raw) => {
  const lower = raw.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  if (/^\d+$/.test(raw)) return Number(raw);
  const parts = raw.split(',').map((p) => p.trim());
  const ok = parts.every(
    (p) => ['loopback', 'linklocal', 'uniquelocal'].includes(p) || /^[0-9a-f:.]+(\/\d{1,3})?$/i.test(p),
  );
  return ok
    ? parts.join(',')
    : invalid('expected true, false, a hop count, or a comma-separated list of addresses, subnets or "loopback"');
};
