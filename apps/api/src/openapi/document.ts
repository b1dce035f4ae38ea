import { z } from 'zod';
import type { Route, RouteSpec } from '../http/route';

type Json = Record<string, unknown>;

/** "/apds/:id/files/:fileId" → "/api/apds/{id}/files/{fileId}" */
export function toOpenApiPath(expressPath: string): string {
  return '/api' + expressPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

/**
 * Converts one zod schema. Schemas with a `.meta({ id })` come out as local definitions; we
 * hoist those into `components.schemas` and point the refs there, as OpenAPI expects.
 */
function schemaOf(schema: z.ZodType, io: 'input' | 'output', components: Record<string, Json>): Json {
  const json = z.toJSONSchema(schema, { target: 'openapi-3.0', io, unrepresentable: 'any' }) as Json;
  delete json['$schema'];
  const defs = { ...((json['definitions'] ?? {}) as Record<string, Json>), ...((json['$defs'] ?? {}) as Record<string, Json>) };
  delete json['definitions'];
  delete json['$defs'];
  const retarget = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(retarget);
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' ? v.replace(/^#\/(definitions|\$defs)\//, '#/components/schemas/') : retarget(v)]),
      );
    }
    return value;
  };
  for (const [name, def] of Object.entries(defs)) components[name] = retarget(def) as Json;
  return retarget(json) as Json;
}

function parameters(spec: RouteSpec, components: Record<string, Json>): Json[] {
  const out: Json[] = [];
  for (const [where, schema] of [['path', spec.params], ['query', spec.query]] as const) {
    if (!schema) continue;
    const json = schemaOf(schema, 'input', components);
    const props = (json['properties'] ?? {}) as Record<string, Json>;
    const required = new Set((json['required'] ?? []) as string[]);
    for (const [name, prop] of Object.entries(props)) {
      const { description, ...rest } = prop;
      out.push({ name, in: where, required: where === 'path' || required.has(name), schema: rest, ...(description ? { description } : {}) });
    }
  }
  return out;
}

/** The OpenAPI 3 document, built from the routes' own zod schemas. */
export function buildOpenApiDocument(routes: Route[], version: string): Json {
  const paths: Record<string, Record<string, Json>> = {};
  const schemas: Record<string, Json> = {};
  for (const { spec } of routes) {
    const op: Json = {
      operationId: spec.operationId,
      summary: spec.summary,
      tags: [spec.tag],
      parameters: parameters(spec, schemas),
      responses: Object.fromEntries(
        Object.entries(spec.responses).map(([status, r]) => {
          const contentType = r.contentType ?? 'application/json';
          const content = r.schema
            ? { [contentType]: { schema: schemaOf(r.schema, 'output', schemas) } }
            : r.contentType
              ? { [contentType]: { schema: { type: 'string', format: 'binary' } } }
              : undefined;
          return [status, { description: r.description, ...(content ? { content } : {}) }];
        }),
      ),
    };
    if (spec.auth) op['security'] = [{ session: [] }];
    if (spec.body) op['requestBody'] = { required: true, content: { 'application/json': { schema: schemaOf(spec.body, 'input', schemas) } } };
    if (spec.multipart) {
      op['requestBody'] = {
        required: true,
        content: {
          'multipart/form-data': {
            schema: {
              type: 'object',
              required: [spec.multipart.fieldName],
              properties: { [spec.multipart.fieldName]: { type: 'string', format: 'binary', description: spec.multipart.description } },
            },
          },
        },
      };
    }
    const path = toOpenApiPath(spec.path);
    paths[path] = { ...(paths[path] ?? {}), [spec.method]: op };
  }
  return {
    openapi: '3.0.3',
    info: { title: 'eAPD API', version, description: 'State staff draft advance planning documents (APDs) and attach files to them.' },
    servers: [{ url: '/' }],
    paths,
    components: {
      schemas,
      securitySchemes: { session: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'From POST /api/auth/login or /api/auth/okta.' } },
    },
  };
}
