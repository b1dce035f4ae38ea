/**
 * The one redaction helper. The logger, every error path and every printout of config
 * pass text through a Redactor built from the secret values in play, so a secret never
 * reaches stdout, stderr or a CI log.
 */

const MASK = '[REDACTED]';

/** Variable names whose values are secrets, matched on the name. */
const SECRET_NAME = /(SECRET|PASSWORD|TOKEN|API_KEY|ACCESS_KEY_ID|DATABASE_URL|PRIVATE_KEY|CREDENTIAL)/i;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
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

  const redact = ((text: string) => {
    let out = String(text);
    // Longest first, so a secret containing another secret is masked whole.
    for (const s of [...secrets].sort((a, b) => b.length - a.length)) {
      if (out.includes(s)) out = out.split(s).join(MASK);
    }
    return out;
  }) as Redactor;

  redact.add = (...more) => {
    for (const v of more) {
      if (typeof v !== 'string' || v.length < MIN_SECRET_LENGTH) continue;
      secrets.add(v);
      // A DATABASE_URL's password also appears on its own (e.g. in a pg error).
      const password = passwordOfUrl(v);
      if (password) secrets.add(password);
    }
  };

  redact.object = <T>(value: T): T => redactValue(value, redact) as T;

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

function redactValue(value: unknown, redact: Redactor, key = ''): unknown {
  if (value == null) return value;
  if (typeof value === 'string') return key && isSecretName(key) ? MASK : redact(value);
  if (Array.isArray(value)) return value.map((v) => redactValue(v, redact));
  if (typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, redactValue(v, redact, k)]),
    );
  }
  return value;
}

function passwordOfUrl(value: string): string | undefined {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return undefined;
  try {
    const pw = decodeURIComponent(new URL(value).password);
    return pw.length >= MIN_SECRET_LENGTH ? pw : undefined;
  } catch {
    return undefined;
  }
}

export const REDACTED = MASK;
