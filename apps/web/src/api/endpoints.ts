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

    listApds: async () => (await client.get<{ apds: ApdSummary[] }>('/apds')).apds,
    getApd: async (id: string) => (await client.get<{ apd: Apd }>(apdPath(id))).apd,
    createApd: async (fields: ApdFields) => (await client.post<{ apd: Apd }>('/apds', fields)).apd,
    updateApd: async (id: string, version: number, fields: ApdFields) =>
      (await client.patch<{ apd: Apd }>(apdPath(id), { ...fields, version })).apd,
    deleteApd: (id: string) => client.delete<void>(apdPath(id)),

    listFiles: async (apdId: string) => (await client.get<{ files: ApdFile[] }>(`${apdPath(apdId)}/files`)).files,
    uploadFile: async (apdId: string, file: File) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return (await client.post<{ file: ApdFile }>(`${apdPath(apdId)}/files`, form)).file;
    },
    downloadFile: (apdId: string, fileId: string) =>
      client.get<Response>(`${apdPath(apdId)}/files/${encodeURIComponent(fileId)}`, { raw: true }),
  };
}

export type Endpoints = ReturnType<typeof createEndpoints>;
