import { extname, posix } from 'node:path';
import type * as MimeTypes from 'mime-types';
import { globMatcher } from './glob';

export const IMMUTABLE_CACHE_CONTROL = 'public, max-age=31536000, immutable';
export const REVALIDATE_CACHE_CONTROL = 'no-cache';

/** How Cache-Control is chosen; the executor's options fill it. */
export interface CacheControlRules {
  /** For content-hashed names (default: public, max-age=31536000, immutable). */
  hashed: string;
  /** For HTML and anything without a hash (default: no-cache). */
  other: string;
  /** `glob=value` overrides; the first matching glob wins over the two above. */
  overrides: Array<{ glob: string; value: string }>;
}

export const DEFAULT_CACHE_CONTROL_RULES: CacheControlRules = {
  hashed: IMMUTABLE_CACHE_CONTROL,
  other: REVALIDATE_CACHE_CONTROL,
  overrides: [],
};

/**
 * A content hash in a file name: a run of 8+ hex digits between "." or "-" and a later ".",
 * as webpack's `[name].[contenthash].js`, `[name]-[hash].css` or CRA's `main.1a2b3c4d.chunk.js`
 * write it. At least one digit and one letter are required so words ("deadbeef",
 * "facade") and dates/versions ("app.20240101.js") are not mistaken for hashes: calling a
 * mutable file immutable would pin a stale copy in browsers for a year, while missing a
 * real hash only costs a revalidation.
 */
const HASH_SEGMENT = /[.-]([0-9a-f]{8,})(?=\.)/gi;

export function isContentHashed(key: string): boolean {
  const name = posix.basename(key);
  for (const m of name.matchAll(HASH_SEGMENT)) {
    const hex = m[1];
    if (/[0-9]/.test(hex) && /[a-f]/i.test(hex)) return true;
  }
  return false;
}

export function isHtml(key: string): boolean {
  const ext = extname(key).toLowerCase();
  return ext === '.html' || ext === '.htm';
}

let mimeTypes: typeof MimeTypes | undefined;

/** Content-Type from the extension, with `charset=utf-8` for text types. */
export function contentTypeFor(key: string): string {
  // Required on first use: mime-types builds its tables from a ~200 KB database when loaded
  // (~15 ms), which only a sync that uploads needs.
  mimeTypes ??= require('mime-types') as typeof MimeTypes;
  return mimeTypes.contentType(extname(key)) || 'application/octet-stream';
}

export function parseCacheControlOverride(spec: string): { glob: string; value: string } {
  const at = spec.indexOf('=');
  if (at <= 0 || at === spec.length - 1) {
    throw new Error(`Cache-control override "${spec}" is not of the form <glob>=<value>, e.g. "*.json=no-store"`);
  }
  return { glob: spec.slice(0, at).trim(), value: spec.slice(at + 1).trim() };
}

/** Builds a chooser of Cache-Control for keys relative to the sync root. */
export function cacheControlChooser(rules: CacheControlRules): (relativeKey: string) => string {
  const overrides = rules.overrides.map((o) => ({ matches: globMatcher([o.glob]), value: o.value }));
  return (relativeKey) => {
    for (const o of overrides) if (o.matches(relativeKey)) return o.value;
    if (isHtml(relativeKey)) return rules.other;
    return isContentHashed(relativeKey) ? rules.hashed : rules.other;
  };
}
