import { formatBytes, parseDuration } from './format';
import { globMatcher } from './glob';

describe('parseDuration', () => {
  it.each([['1h', 3_600_000], ['30m', 1_800_000], ['90s', 90_000], ['2d', 172_800_000], ['1h30m', 5_400_000], ['15min', 900_000]])(
    '%s', (text, ms) => expect(parseDuration(text)).toBe(ms),
  );
  it.each(['', 'soon', '1 hour', '10', 'h1'])('rejects "%s"', (text) => expect(() => parseDuration(text)).toThrow(/not a duration/));
});

describe('formatBytes', () => {
  it('uses binary units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(30 * 1024 * 1024)).toBe('30 MB');
  });
});

describe('globMatcher', () => {
  it('matches patterns without "/" at any depth, and others against the whole key', () => {
    const m = globMatcher(['*.map', 'legacy/**', './robots.txt']);
    expect(m('a.js.map')).toBe(true);
    expect(m('js/deep/a.js.map')).toBe(true);
    expect(m('legacy/x/y.js')).toBe(true);
    expect(m('new/legacy/y.js')).toBe(false);
    expect(m('robots.txt')).toBe(true);
    expect(m('main.js')).toBe(false);
    expect(globMatcher([])('anything')).toBe(false);
  });
});
