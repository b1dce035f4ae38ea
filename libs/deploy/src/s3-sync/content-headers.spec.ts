import { cacheControlChooser, contentTypeFor, DEFAULT_CACHE_CONTROL_RULES, isContentHashed, parseCacheControlOverride } from './content-headers';

describe('isContentHashed', () => {
  it.each([
    'main.1a2b3c4d5e6f7a8b9c0d.js',
    'styles.9f8e7d6c.css',
    'static/js/main.1a2b3c4d.chunk.js',
    'assets/logo-0a1b2c3d.svg',
    '123.ab12cd34ef.js',
    'main.1a2b3c4d5e6f7a8b.js.map',
  ])('sees a hash in %s', (key) => expect(isContentHashed(key)).toBe(true));

  it.each([
    'index.html', 'favicon.ico', 'robots.txt', 'app.20240101.js', 'deadbeefcafe.facade.js', 'main.js', 'a1b2c3d.js', 'dir.1a2b3c4d5e/app.js',
  ])('sees no hash in %s', (key) => expect(isContentHashed(key)).toBe(false));
});

describe('contentTypeFor', () => {
  it('adds a charset to text types', () => {
    expect(contentTypeFor('a/index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeFor('main.js')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('s.css')).toBe('text/css; charset=utf-8');
    expect(contentTypeFor('logo.png')).toBe('image/png');
    expect(contentTypeFor('font.woff2')).toBe('font/woff2');
    expect(contentTypeFor('no-extension')).toBe('application/octet-stream');
  });
});

describe('cacheControlChooser', () => {
  it('makes hashed assets immutable and everything else revalidate', () => {
    const choose = cacheControlChooser(DEFAULT_CACHE_CONTROL_RULES);
    expect(choose('main.1a2b3c4d.js')).toBe('public, max-age=31536000, immutable');
    expect(choose('index.html')).toBe('no-cache');
    expect(choose('page.1a2b3c4d.html')).toBe('no-cache');
    expect(choose('favicon.ico')).toBe('no-cache');
  });

  it('lets overrides win, first match first', () => {
    const choose = cacheControlChooser({
      ...DEFAULT_CACHE_CONTROL_RULES,
      overrides: [parseCacheControlOverride('robots.txt=public, max-age=3600'), parseCacheControlOverride('*.txt=no-store')],
    });
    expect(choose('robots.txt')).toBe('public, max-age=3600');
    expect(choose('docs/readme.txt')).toBe('no-store');
  });

  it('rejects a malformed override', () => {
    expect(() => parseCacheControlOverride('no-equals')).toThrow(/<glob>=<value>/);
    expect(() => parseCacheControlOverride('*.js=')).toThrow();
  });
});
