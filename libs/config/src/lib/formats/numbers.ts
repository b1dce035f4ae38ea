import { invalid, type Parser } from '../reader';

/** A whole number within [min, max], written in plain decimal digits ("1e5" and "10.0" are refused). */
export function integer(min: number, max: number = Number.MAX_SAFE_INTEGER, what = 'a whole number'): Parser<number> {
  const range = max === Number.MAX_SAFE_INTEGER ? `at least ${min}` : `from ${min} to ${max}`;
  return (raw) => {
    const value = /^-?\d+$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max) return invalid(`expected ${what} (${range})`);
    return value;
  };
}

export const port = integer(1, 65535, 'a TCP port');

/** Node's pbkdf2 takes a 32-bit signed iteration count. */
const MAX_PBKDF2 = 2_147_483_647;

export const PRODUCTION_MIN_PBKDF2_ITERATIONS = 100_000;

export function pbkdf2Iterations(min: number): Parser<number> {
  const parse = integer(1, MAX_PBKDF2, 'an iteration count');
  return (raw) => {
    const value = parse(raw);
    if (typeof value !== 'number') return value;
    if (value < min) {
      return invalid(`is ${value}; needs at least ${min.toLocaleString('en-US')} (calibrate with "npx nx run api:calibrate-pbkdf2")`, {
        showValue: false,
      });
    }
    return value;
  };
}

export const MIN_SECRET_BYTES = 32;

/**
 * A signing secret of at least `minBytes` bytes (UTF-8). The message gives the length and
 * never the value.
 */
export function secretOfAtLeast(minBytes: number = MIN_SECRET_BYTES): Parser<string> {
  return (raw) => {
    const bytes = Buffer.byteLength(raw, 'utf8');
    if (bytes < minBytes) {
      return invalid(
        `is ${bytes} byte${bytes === 1 ? '' : 's'}; needs at least ${minBytes} (e.g. "openssl rand -base64 48")`,
        { showValue: false },
      );
    }
    return raw;
  };
}

/** Any non-empty value, taken as is (the reader already rejects blank values). */
export const anyValue: Parser<string> = (raw) => raw;

const TRUE = ['1', 'true', 'yes', 'on'];
const FALSE = ['0', 'false', 'no', 'off'];

export const booleanFlag: Parser<boolean> = (raw) => {
  const lower = raw.toLowerCase();
  if (TRUE.includes(lower)) return true;
  if (FALSE.includes(lower)) return false;
  return invalid('expected true or false');
};

export function oneOf<T extends string>(values: readonly T[]): Parser<T> {
  return (raw) =>
    (values as readonly string[]).includes(raw)
      ? (raw as T)
      : invalid(`expected one of ${values.map((v) => `"${v}"`).join(', ')}`);
}
