import fc from 'fast-check';

/**
 * Generators of hostile input for the property tests: text PostgreSQL cannot store or that is
 * not Unicode, RTL and huge strings, numbers at and just past every bound the schemas have,
 * JSON of every type in every position, and values that look almost right.
 */
export const NASTY_STRINGS = [
  '', ' ', '\u0000', 'a\u0000b', 'bad\ud800x', '\udc00', 'x\ud83d', '\ude00y', 'مرحبا بالعالم', '\u202eevil\u202c', 'שלום',
  '😀 𝄞', 'x'.repeat(10_000), "'; drop table apds; --", "x' or '1'='1", '%', '_', '\\', '../../etc/passwd', '<script>alert(1)</script>',
  'ＡＢＣ', '1e3', '2027', 'true', 'null', '{}', '[]', '__proto__', 'constructor', 'a@b.c', 'ak', 'AK', 'zz',
];

export const BOUND_NUMBERS = [
  0, -0, 1, -1, 0.5, 1e-7, 99, 100, 101, 199, 200, 201, 1999, 2000, 2100, 2101, 10_000, 100_000, 100_001,
  2_147_483_646, 2_147_483_647, 2_147_483_648, -2_147_483_649, 2 ** 53 - 1, 2 ** 53, 1e13, 1e13 + 1, 1e308, -1e308, Number.MIN_VALUE,
];

export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) }, // any code unit, lone surrogates included
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 300 }) },
);

export const nastyNumber: fc.Arbitrary<number> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...BOUND_NUMBERS) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
);

/** Any JSON value, with hostile leaves. */
export const anyJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    nastyString,
    nastyNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(nastyString, tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** A field's value: mostly of the right kind, otherwise anything at all. */
export function field<T>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 4, arbitrary: valid }, { weight: 1, arbitrary: nastyString }, { weight: 1, arbitrary: nastyNumber }, { weight: 1, arbitrary: anyJson });
}

/** An object body: its known fields (each may be missing), sometimes extra ones, sometimes not an object at all. */
export function body(fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<unknown> {
  const known = fc.record(fields, { requiredKeys: [] });
  const withExtras = fc.tuple(known, fc.dictionary(nastyString, anyJson, { maxKeys: 2 })).map(([k, extra]) => ({ ...extra, ...k }));
  return fc.oneof({ weight: 6, arbitrary: known }, { weight: 1, arbitrary: withExtras }, { weight: 1, arbitrary: anyJson });
}

/**
 * Percent-encodes for a URL, including what encodeURIComponent refuses: an unpaired surrogate
 * becomes the bytes a careless client would send (its WTF-8 form, e.g. %ED%A0%80).
 */
export function percentEncode(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    if (code >= 0xd800 && code <= 0xdfff) {
      out += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    } else {
      out += encodeURIComponent(char);
    }
  }
  return out;
}

/** Already-encoded URL pieces no encoder would produce. */
const RAW_URL_PIECES = ['%', '%00', '%zz', '%E0%A4%A', '%ED%A0%80', '..', '%2e%2e', '%2F', '%25', 'null', '0', '-1', '1e3'];

/** One path segment: a known id, any UUID, hostile text, or broken percent-encoding. */
export function pathSegment(known: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...known) },
    { weight: 1, arbitrary: fc.uuid() },
    { weight: 2, arbitrary: nastyString.filter((s) => s.length > 0).map(percentEncode) },
    { weight: 1, arbitrary: fc.constantFrom(...RAW_URL_PIECES) },
  );
}

/** A query string from known parameter names (and unknown ones), hostile values, repeats and broken encoding. */
export function queryString(known: Record<string, fc.Arbitrary<string>>): fc.Arbitrary<string> {
  const names = Object.keys(known);
  const pair = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...(names.length ? names : ['x'])).chain((name) => (known[name] ?? nastyString).map((value) => [name, percentEncode(value)] as const)) },
    { weight: 1, arbitrary: fc.tuple(nastyString.filter((s) => s.length > 0).map(percentEncode), nastyString.map(percentEncode)) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...(names.length ? names : ['x'])), fc.constantFrom(...RAW_URL_PIECES)) },
  );
  return fc.array(pair, { maxLength: 4 }).map((pairs) => (pairs.length ? `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}` : ''));
}

/** Query values: mostly plausible ones, else hostile text or numbers as text. */
export function queryValue(plausible: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.oneof({ weight: 3, arbitrary: plausible }, { weight: 1, arbitrary: nastyString }, { weight: 1, arbitrary: nastyNumber.map(String) });
}
