import fc from 'fast-check';
import { fakeResponse } from '../testing/fake-fetch';
import { loadRuntimeConfig, parseRuntimeConfig, RuntimeConfigError } from './runtime-config';

const json = (body: unknown, status = 200) => jest.fn(async () => fakeResponse(status, body)) as unknown as typeof fetch;

describe('runtime config (/config.json)', () => {
  it('reads the API URL and Okta settings, revalidating with the server', async () => {
    const fetchImpl = json({ apiUrl: 'https://api.example.gov/api/', okta: { issuer: 'https://x.okta.com/oauth2/default', clientId: 'abc' } });
    await expect(loadRuntimeConfig(fetchImpl)).resolves.toEqual({
      apiUrl: 'https://api.example.gov/api',
      okta: { issuer: 'https://x.okta.com/oauth2/default', clientId: 'abc' },
    });
    expect(fetchImpl).toHaveBeenCalledWith('/config.json', expect.objectContaining({ cache: 'no-cache' }));
  });

  it('turns Okta off when the file says null or leaves it out', () => {
    expect(parseRuntimeConfig({ apiUrl: '/api', okta: null })).toEqual({ apiUrl: '/api', okta: null });
    expect(parseRuntimeConfig({ apiUrl: '/api' })).toEqual({ apiUrl: '/api', okta: null });
  });

  it('fails loudly, never with a silent default, when the file is missing or wrong', async () => {
    await expect(loadRuntimeConfig(json({}, 404))).rejects.toThrow('/config.json answered 404');
    await expect(loadRuntimeConfig(json({ okta: null }))).rejects.toThrow('"apiUrl" must be a non-empty string');
    const notJson = jest.fn(async () => fakeResponse(200, '<html>')) as unknown as typeof fetch;
    await expect(loadRuntimeConfig(notJson)).rejects.toThrow('not valid JSON');
    const offline = jest.fn(async () => Promise.reject(new TypeError('Failed to fetch'))) as unknown as typeof fetch;
    await expect(loadRuntimeConfig(offline)).rejects.toThrow('could not be fetched: Failed to fetch');
    expect(() => parseRuntimeConfig({ apiUrl: '/api', okta: { issuer: 'not a url', clientId: 'a' } })).toThrow('okta "issuer"');
    expect(() => parseRuntimeConfig({ apiUrl: 'javascript:alert(1)' })).toThrow('"apiUrl" must be a path');
  });

  it('accepts any well-formed file and rejects any non-object, whatever it holds', () => {
    fc.assert(
      fc.property(fc.webPath(), (path) => {
        const apiUrl = `/${path.replace(/^\/+/, '')}`.replace(/\s/g, '');
        const parsed = parseRuntimeConfig({ apiUrl, okta: null });
        expect(parsed.apiUrl.endsWith('/') && parsed.apiUrl !== '/').toBe(false);
      }),
    );
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.array(fc.anything())), (value) => {
        expect(() => parseRuntimeConfig(value)).toThrow(RuntimeConfigError);
      }),
    );
  });
});
