/**
 * The one redaction helper. The logger, every error path and every printout of config
 * pass text through a Redactor built from the secret values in play, so a secret never
 * reaches stdout, stderr or a CI log.
 */

const MASK = '[REDACTED]';

/** Variable names whose values are secrets, matched on the name. */
const SECRET_NAME =
  /(SECRET|PASSWORD|PASSWD|TOKEN|API_KEY|ACCESS_KEY_ID|DATABASE_URL|PRIVATE_KEY|CREDENTIAL|AUTHORIZATION|COOKIE)/;

/**
 * True for names like SESSION_SECRET, PRODUCTION_OKTA_API_KEY, GITHUB_TOKEN, and for the same
 * words in camelCase or kebab-case keys (sessionSecret, apiKey, databaseUrl, x-api-key), so
 * `redact.object` masks a config object's fields as well as an env's variables.
 */
export function isSecretName(name: string): boolean {
  const snake = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[-\s.]/g, '_')
    .toUpperCase();
  return SECRET_NAME.test(snake);
}

export interface Redactor {
  /** Replace every occurrence of a known secret in `text`. */
  (text: string): string;
  /** Register more secret values (e.g. a generated password). */
  add(...values: Array<string | undefined>): void;
  /** Deep-copy an object with secret-named keys and secret values masked. */
  object<T>(value: T): T;
}

/** Values shorter than this are not masked: masking "1" would garble every number in a log. */
const MIN_SECRET_LENGTH = 4;

export function createRedactor(values: Array<string | undefined> = []): Redactor {
  const secrets = new Set<string>();
  let longestFirst: string[] = [];

  const redact = ((text: string) => {
    let out = String(text);
    // Longest first, so a secret containing another secret is masked whole.
    for (const s of longestFirst) {
      if (out.includes(s)) out = out.split(s).join(MASK);
    }
    return out;
  }) as Redactor;

  const remember = (v: string | undefined) => {
    if (typeof v === 'string' && v.length >= MIN_SECRET_LENGTH) secrets.add(v);
  };

  redact.add = (...more) => {
    for (const v of more) {
      if (typeof v !== 'string' || v.length < MIN_SECRET_LENGTH) continue;
      remember(v);
      // The same secret as it appears inside JSON output and inside a URL.
      remember(JSON.stringify(v).slice(1, -1));
      remember(encodeURIComponent(v));
      // A DATABASE_URL's password also appears on its own (e.g. in a pg error), decoded or not.
      for (const password of passwordsOfUrl(v)) remember(password);
    }
    longestFirst = [...secrets].sort((a, b) => b.length - a.length);
  };

  redact.object = <T>(value: T): T => redactValue(value, redact, '', new WeakSet()) as T;

  redact.add(...values);
  return redact;
}

/** A redactor for every secret-named variable set in `env`. */
export function redactorForEnv(env: Record<string, string | undefined>): Redactor {
  return createRedactor(
    Object.entries(env)
      .filter(([name]) => isSecretName(name))
      .map(([, value]) => value),
  );
}

function redactValue(value: unknown, redact: Redactor, key: string, seen: WeakSet<object>): unknown {
  if (value == null) return value;
  if (key && isSecretName(key) && (typeof value === 'string' || typeof value === 'number')) return MASK;
  if (typeof value === 'string') return redact(value);
  if (typeof value !== 'object') return value;
  if (seen.has(value)) return '[Circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => redactValue(v, redact, '', seen));
  if (value instanceof Error) {
    return { name: value.name, message: redact(value.message), ...(value.stack ? { stack: redact(value.stack) } : {}) };
  }
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, redactValue(v, redact, k, seen)]),
  );
}

function passwordsOfUrl(value: string): string[] {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return [];
  try {
    const raw = new URL(value).password;
    if (!raw) return [];
    let decoded = raw;
    try {
      decoded = decodeURIComponent(raw);
    } catch {
      // A malformed escape: only the raw form can appear anywhere.
    }
    return [raw, decoded].filter((pw) => pw.length >= MIN_SECRET_LENGTH);
  } catch {
    return [];
  }
}

export const REDACTED = MASK;
