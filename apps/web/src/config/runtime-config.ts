/**
 * The app's per-environment settings, read once at start-up from `/config.json`. The bundle
 * itself holds none, so the very same build serves staging, production and previews: the
 * deploy writes this small file (Cache-Control: no-cache) for its environment, and the dev
 * server serves one made from WEB_API_URL / WEB_OKTA_* (build/dev-runtime-config.js).
 */
export interface RuntimeConfig {
  /** "/api" or "https://api.example.gov/api", without a trailing slash. */
  apiUrl: string;
  /** Okta sign-in; null hides the button. */
  okta: { issuer: string; clientId: string } | null;
}

export const RUNTIME_CONFIG_PATH = '/config.json';

export class RuntimeConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RuntimeConfigError';
  }
}

const ABSOLUTE = /^https?:\/\/[^\s/]+(\/\S*)?$/i;
// "/api", or "api.example.gov/api" as the seed's variables allow; never another scheme.
const RELATIVE = /^(\/(?!\/)|[A-Za-z0-9.-]+(:\d+)?(\/|$))\S*$/;

function text(record: Record<string, unknown>, key: string, where: string): string {
  const value = record[key];
  if (typeof value !== 'string' || value.trim() === '') throw new RuntimeConfigError(`${where}: "${key}" must be a non-empty string`);
  return value.trim();
}

/** Checks the file's shape; anything unexpected is an error, never a silent default. */
export function parseRuntimeConfig(value: unknown, where = RUNTIME_CONFIG_PATH): RuntimeConfig {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new RuntimeConfigError(`${where} is not a JSON object`);
  const record = value as Record<string, unknown>;
  const apiUrl = text(record, 'apiUrl', where).replace(/\/+$/, '') || '/';
  if (!ABSOLUTE.test(apiUrl) && !RELATIVE.test(apiUrl)) {
    throw new RuntimeConfigError(`${where}: "apiUrl" must be a path like /api or an http(s) URL, got "${apiUrl}"`);
  }
  let okta: RuntimeConfig['okta'] = null;
  if (record['okta'] !== undefined && record['okta'] !== null) {
    if (typeof record['okta'] !== 'object') throw new RuntimeConfigError(`${where}: "okta" must be an object or null`);
    const o = record['okta'] as Record<string, unknown>;
    const issuer = text(o, 'issuer', `${where} okta`);
    if (!ABSOLUTE.test(issuer)) throw new RuntimeConfigError(`${where}: okta "issuer" must be an http(s) URL, got "${issuer}"`);
    okta = { issuer, clientId: text(o, 'clientId', `${where} okta`) };
  }
  return { apiUrl, okta };
}

/** Fetches and checks `/config.json`, revalidating with the server every time (no-cache). */
export async function loadRuntimeConfig(fetchImpl: typeof fetch = fetch): Promise<RuntimeConfig> {
  let response: Response;
  try {
    response = await fetchImpl(RUNTIME_CONFIG_PATH, { cache: 'no-cache', headers: { accept: 'application/json' } });
  } catch (error) {
    throw new RuntimeConfigError(`${RUNTIME_CONFIG_PATH} could not be fetched: ${(error as Error).message}`);
  }
  if (!response.ok) throw new RuntimeConfigError(`${RUNTIME_CONFIG_PATH} answered ${response.status}`);
  let body: unknown;
  try {
    body = JSON.parse(await response.text());
  } catch {
    throw new RuntimeConfigError(`${RUNTIME_CONFIG_PATH} is not valid JSON`);
  }
  return parseRuntimeConfig(body);
}
