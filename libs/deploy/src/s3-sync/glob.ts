import { Minimatch } from 'minimatch';

/**
 * A matcher for keys relative to the sync root. A pattern without "/" matches at any depth
 * ("*.map" matches "js/app.map"), as people expect from `aws s3 sync --exclude`; a pattern
 * with "/" matches the whole relative key ("static/legacy/**").
 */
export function globMatcher(patterns: string[]): (relativeKey: string) => boolean {
  const compiled = patterns
    .filter((p) => p.trim() !== '')
    .map((p) => {
      const pattern = p.trim().replace(/^\.?\//, '');
      const m = new Minimatch(pattern, { dot: true, matchBase: !pattern.includes('/') });
      return (key: string) => m.match(key);
    });
  return (key) => compiled.some((m) => m(key));
}
