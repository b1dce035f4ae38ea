import { expandPath } from './openapi-routes';

describe('expandPath (OpenAPI path → URL under the API base)', () => {
  it('fills path parameters, URL-encoded, and drops the /api prefix the base URL already has', () => {
    expect(expandPath('/api/apds/{id}/files/{fileId}', { id: 'a/b', fileId: '1 2' })).toBe('/apds/a%2Fb/files/1%202');
    expect(expandPath('/api/health')).toBe('/health');
  });

  it('adds the query, skipping undefined values', () => {
    expect(expandPath('/api/apds', {}, { limit: 100, q: undefined })).toBe('/apds?limit=100');
  });

  it('refuses a template parameter without a value', () => {
    expect(() => expandPath('/api/apds/{id}', {})).toThrow('{id}');
  });
});
