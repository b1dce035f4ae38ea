import type { paths } from './generated/openapi';

// Type-level views of the generated OpenAPI types (src/api/generated, made by `web:api-types`):
// endpoints.ts names each route by its OpenAPI path, so a route, parameter or body the API no
// longer has fails the web build.

export type Method = 'get' | 'post' | 'patch' | 'delete';

type Operation<P extends keyof paths, M extends Method> = Extract<paths[P][M], { responses: unknown }>;

/** The OpenAPI paths that have an operation for `M`. */
export type PathWith<M extends Method> = {
  [P in keyof paths]: Operation<P, M> extends never ? never : P;
}[keyof paths];

type Responses<P extends keyof paths, M extends Method> = Operation<P, M>['responses'];
type JsonContent<R> = R extends { content: { 'application/json': infer B } } ? B : never;

/** The JSON body of the operation's 200/201 answer (`void` for a 204). */
export type SuccessBody<P extends keyof paths, M extends Method> =
  Responses<P, M> extends { 200: infer R } | { 201: infer R }
    ? JsonContent<R> extends never
      ? Response
      : JsonContent<R>
    : void;

/** The JSON request body, or never when the operation takes none. */
export type JsonBody<P extends keyof paths, M extends Method> =
  Operation<P, M> extends { requestBody: { content: { 'application/json': infer B } } } ? B : never;

/** True when the operation takes a multipart/form-data body (file uploads). */
export type TakesMultipart<P extends keyof paths, M extends Method> =
  Operation<P, M> extends { requestBody: { content: { 'multipart/form-data': unknown } } } ? true : false;

type ParametersOf<P extends keyof paths, M extends Method> = Operation<P, M>['parameters'];
export type PathParams<P extends keyof paths, M extends Method> =
  ParametersOf<P, M> extends { path: infer X } ? (X extends Record<string, unknown> ? X : never) : never;
export type QueryParams<P extends keyof paths, M extends Method> =
  ParametersOf<P, M> extends { query?: infer X } ? (X extends Record<string, unknown> ? X : never) : never;

/**
 * "/api/apds/{id}" + { id } → "/apds/<id>" (relative to the API base URL, which ends in /api);
 * every value is URL-encoded, so an id can never add a path segment.
 */
export function expandPath(template: string, params: Record<string, string | number> = {}, query?: Record<string, unknown>): string {
  const path = template.replace(/^\/api(?=\/)/, '').replace(/\{(\w+)\}/g, (_whole, name: string) => {
    if (!Object.prototype.hasOwnProperty.call(params, name)) throw new Error(`expandPath: no value for {${name}} in ${template}`);
    return encodeURIComponent(String(params[name]));
  });
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined) search.append(name, String(value));
  }
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}
