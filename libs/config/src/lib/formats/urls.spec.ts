import { isInvalid } from '../reader';
import { httpUrl, oktaDomain, oktaId, postgresUrl, trustProxy, webApiUrl } from './urls';

describe('webApiUrl', () => {
  it.each([
    ['/api', '/api'],
    ['/api/', '/api'],
    ['/', '/'],
    ['api.example.gov/api', 'api.example.gov/api'],
    ['api.example.gov', 'api.example.gov'],
    ['localhost:8000/api', 'localhost:8000/api'],
    ['https://api.example.gov/api', 'https://api.example.gov/api'],
    ['http://127.0.0.1:8000/api/', 'http://127.0.0.1:8000/api'],
  ])('accepts %s', (raw, value) => expect(webApiUrl(raw)).toBe(value));

  it.each(['ftp://api.example.gov', 'javascript:alert(1)', '//api.example.gov', 'api', 'api example.gov', '/api path', 'https://', '/api"><script>'])(
    'refuses %s',
    (raw) => expect(isInvalid(webApiUrl(raw))).toBe(true),
  );
});

describe('httpUrl', () => {
  it('accepts http(s) and drops a trailing slash', () => {
    expect(httpUrl('https://api.github.com/')).toBe('https://api.github.com');
    expect(httpUrl('http://127.0.0.1:4010')).toBe('http://127.0.0.1:4010');
  });
  it('refuses other schemes and relative URLs', () => {
    expect(isInvalid(httpUrl('ftp://x.test'))).toBe(true);
    expect(isInvalid(httpUrl('api.github.com'))).toBe(true);
  });
  it('refuses credentials in the URL without repeating them', () => {
    expect(httpUrl('https://user:pass-word@github.example')).toMatchObject({ invalid: true, showValue: false });
  });
});

describe('postgresUrl', () => {
  it.each(['postgres://app:pw@db:5432/app', 'postgresql://db.internal/app', 'postgres:///app?host=/var/run/postgresql'])(
    'accepts %s',
    (raw) => expect(postgresUrl(raw)).toBe(raw),
  );
  it('names the wrong scheme without repeating the URL', () => {
    expect(postgresUrl('mysql://u:p@h/d')).toMatchObject({ got: 'a mysql: URL' });
  });
  it.each(['not a url', 'postgres:///app', 'db.internal:5432'])('refuses %s', (raw) => expect(isInvalid(postgresUrl(raw))).toBe(true));
});

describe('oktaDomain', () => {
  it.each([
    ['example.okta.com', 'https://example.okta.com'],
    ['https://example.okta.com/', 'https://example.okta.com'],
    ['http://127.0.0.1:4010', 'http://127.0.0.1:4010'],
  ])('normalises %s', (raw, value) => expect(oktaDomain(raw)).toBe(value));
  it.each(['http://example.okta.com', 'https://example.okta.com/oauth2/default', 'not a domain'])('refuses %s', (raw) =>
    expect(isInvalid(oktaDomain(raw))).toBe(true),
  );
});

describe('oktaId', () => {
  it('accepts ids', () => expect(oktaId('0oa1b2c3d4')).toBe('0oa1b2c3d4'));
  it('refuses spaces and slashes', () => expect(isInvalid(oktaId('a/b c'))).toBe(true));
});

describe('trustProxy', () => {
  it.each([
    ['true', true],
    ['false', false],
    ['1', 1],
    ['loopback', 'loopback'],
    ['10.0.0.0/8, 127.0.0.1', '10.0.0.0/8,127.0.0.1'],
  ])('%s', (raw, value) => expect(trustProxy(raw)).toBe(value));
  it('refuses anything else', () => expect(isInvalid(trustProxy('everyone'))).toBe(true));
});
