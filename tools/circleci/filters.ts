import type { FilterSpec } from './load-config';

/**
 * CircleCI's pattern rule: a value written `/…/` is a regular expression that must match the
 * WHOLE branch or tag name (so `/v.+/` does not match `release-v1`); anything else must be
 * equal. A list matches when any element matches.
 */
export function matchesPattern(patterns: string | string[], value: string): boolean {
  const list = Array.isArray(patterns) ? patterns : [patterns];
  return list.some((p) => {
    if (p.length >= 2 && p.startsWith('/') && p.endsWith('/')) {
      return new RegExp(`^(?:${p.slice(1, -1)})$`).test(value);
    }
    return p === value;
  });
}

/**
 * `only` is considered before `ignore`: the value must match `only` (when given) and must
 * not match `ignore` (when given). A filter with neither admits everything.
 */
export function filterAdmits(filter: FilterSpec | undefined, value: string): boolean {
  if (!filter) return true;
  if (filter.only !== undefined && !matchesPattern(filter.only, value)) return false;
  if (filter.ignore !== undefined && matchesPattern(filter.ignore, value)) return false;
  return true;
}
