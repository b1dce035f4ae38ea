import type { ApiClient } from './api-client';
import type { Apd, ApdFields, ApdFile, ApdSummary, Session, User } from './types';

/** The API's routes, typed. Pages call these, never fetch directly. */
export function createEndpoints(client: ApiClient) {
  const apdPath = (id: string) => `/apds/${encodeURIComponent(id)}`;
  return {
    login: (email: string, password: string) =>
      client.post<Session>('/auth/login', { email, password }, { skipUnauthorizedHandler: true }),
    loginWithOkta: (accessToken: string) =>
      client.post<Session>('/auth/okta', { accessToken }, { skipUnauthorizedHandler: true }),
    logout: () => client.post<void>('/auth/logout', undefined, { skipUnauthorizedHandler: true }),
    me: () => client.get<{ user: User }>('/me'),

    // The API pages at most 100; a state's drafts fit in one page.
    listApds: async () => (await client.get<{ items: ApdSummary[] }>('/apds?limit=100')).items,
    getApd: (id: string) => client.get<Apd>(apdPath(id)),
    createApd: (fields: ApdFields) => client.post<Apd>('/apds', fields),
    updateApd: (id: string, version: number, fields: ApdFields) =>
      client.patch<Apd>(apdPath(id), { ...fields, version }),
    deleteApd: (id: string) => client.delete<void>(apdPath(id)),

    listFiles: async (apdId: string) => (await client.get<{ items: ApdFile[] }>(`${apdPath(apdId)}/files`)).items,
    uploadFile: async (apdId: string, file: File) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return client.post<ApdFile>(`${apdPath(apdId)}/files`, form);
    },
    downloadFile: (apdId: string, fileId: string) =>
      client.get<Response>(`${apdPath(apdId)}/files/${encodeURIComponent(fileId)}`, { raw: true }),
  };
}

export type Endpoints = ReturnType<typeof createEndpoints>;
