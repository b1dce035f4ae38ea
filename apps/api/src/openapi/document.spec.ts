import { allRoutes } from '../app';
import type { AppDeps } from '../app-deps';
import { buildOpenApiDocument, toOpenApiPath } from './document';

// Route factories only close over deps; building the document never calls them.
const doc = buildOpenApiDocument(allRoutes({} as AppDeps), '1.2.3') as {
  openapi: string;
  info: { version: string };
  paths: Record<string, Record<string, { responses: Record<string, unknown>; security?: unknown }>>;
  components: { schemas: Record<string, unknown> };
};

function refs(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => refs(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refs(v, out);
    }
  }
  return out;
}

describe('OpenAPI document', () => {
  it('is OpenAPI 3 with the API version', () => {
    expect(doc.openapi).toBe('3.0.3');
    expect(doc.info.version).toBe('1.2.3');
  });

  it('points every $ref at a schema in components.schemas', () => {
    const all = refs(doc);
    expect(all.length).toBeGreaterThan(0);
    for (const ref of all) {
      expect(ref).toMatch(/^#\/components\/schemas\//);
      expect(doc.components.schemas[ref.split('/').pop() as string]).toBeDefined();
    }
    expect(JSON.stringify(doc)).not.toMatch(/"(definitions|\$defs)"/);
  });

  it('marks authenticated operations with the session scheme', () => {
    expect(doc.paths['/api/apds'].get.security).toEqual([{ session: [] }]);
    expect(doc.paths['/api/health'].get.security).toBeUndefined();
  });

  it('converts Express paths', () => {
    expect(toOpenApiPath('/apds/:id/files/:fileId')).toBe('/api/apds/{id}/files/{fileId}');
  });
});
