import type { ApiClient, RequestOptions } from './api-client';
import type { paths } from './generated/openapi';
import {
  expandPath,
  type JsonBody,
  type Method,
  type PathParams,
  type PathWith,
  type QueryParams,
  type SuccessBody,
  type TakesMultipart,
} from './openapi-routes';
import type { ApdFields } from './types';

type Call<P extends keyof paths, M extends Method> = Pick<RequestOptions, 'raw' | 'skipUnauthorizedHandler'> &
  ([PathParams<P, M>] extends [never] ? { params?: never } : { params: PathParams<P, M> }) &
  ([QueryParams<P, M>] extends [never] ? { query?: never } : { query?: QueryParams<P, M> }) &
  ([JsonBody<P, M>] extends [never]
    ? TakesMultipart<P, M> extends true
      ? { body: FormData }
      : { body?: never }
    : { body: JsonBody<P, M> });

/** Calls an operation by its OpenAPI path; its parameters, body and answer are the API's own types. */
function typedCalls(client: ApiClient) {
  const call =
    <M extends Method>(method: M) =>
    <P extends PathWith<M>>(path: P, options: Call<P, M>): Promise<SuccessBody<P, M>> => {
      const { params, query, body, ...rest } = options as Call<P, M> & {
        params?: Record<string, string>;
        query?: Record<string, unknown>;
        body?: unknown;
      };
      return client.request<SuccessBody<P, M>>(method.toUpperCase(), expandPath(path, params, query), { ...rest, body });
    };
  return { get: call('get'), post: call('post'), patch: call('patch'), delete: call('delete') };
}

/** The API's routes as the pages use them. Pages call these, never fetch directly. */
export function createEndpoints(client: ApiClient) {
  const api = typedCalls(client);
  // A 401 on these means "wrong credentials" or "already signed out", not an ended session.
  const credentials = { skipUnauthorizedHandler: true } as const;
  return {
    login: (email: string, password: string) => api.post('/api/auth/login', { body: { email, password }, ...credentials }),
    loginWithOkta: (accessToken: string) => api.post('/api/auth/okta', { body: { accessToken }, ...credentials }),
    logout: () => api.post('/api/auth/logout', credentials),
    me: () => api.get('/api/me', {}),

    // The API pages at most 100; a state's drafts fit in one page.
    listApds: async () => (await api.get('/api/apds', { query: { limit: 100 } })).items,
    getApd: (id: string) => api.get('/api/apds/{id}', { params: { id } }),
    createApd: (fields: ApdFields) => api.post('/api/apds', { body: fields }),
    updateApd: (id: string, version: number, fields: ApdFields) =>
      api.patch('/api/apds/{id}', { params: { id }, body: { ...fields, version } }),
    deleteApd: (id: string) => api.delete('/api/apds/{id}', { params: { id } }),

    listFiles: async (apdId: string) => (await api.get('/api/apds/{id}/files', { params: { id: apdId } })).items,
    uploadFile: (apdId: string, file: File) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return api.post('/api/apds/{id}/files', { params: { id: apdId }, body: form });
    },
    downloadFile: (apdId: string, fileId: string) =>
      api.get('/api/apds/{id}/files/{fileId}', { params: { id: apdId, fileId }, raw: true }),
    deleteFile: (apdId: string, fileId: string) => api.delete('/api/apds/{id}/files/{fileId}', { params: { id: apdId, fileId } }),
  };
}

export type Endpoints = ReturnType<typeof createEndpoints>;
