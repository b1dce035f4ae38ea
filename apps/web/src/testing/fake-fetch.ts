// A fetch stand-in for component specs: routes "METHOD /path" to canned responses
// and records every request, so specs can assert what the page sent.

export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

export type Reply = { status: number; body?: unknown; headers?: Record<string, string> } | Error;
type Handler = Reply | ((request: RecordedRequest) => Reply);

export function fakeResponse(status: number, body?: unknown, headers: Record<string, string> = {}): Response {
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  const byName = new Map(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  return {
    ok: status >= 200 && status < 300,
    status,
    headers: { get: (name: string) => byName.get(name.toLowerCase()) ?? null },
    text: async () => text,
    blob: async () => new Blob([text]),
  } as unknown as Response;
}

export function createFakeFetch(routes: Record<string, Handler>) {
  const requests: RecordedRequest[] = [];
  const fetchImpl = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const method = init.method ?? 'GET';
    const url = String(input);
    let body: unknown = init.body;
    if (typeof body === 'string') body = JSON.parse(body);
    const request = { method, url, headers: (init.headers ?? {}) as Record<string, string>, body };
    requests.push(request);
    const handler = routes[`${method} ${url}`];
    if (!handler) return fakeResponse(404, { error: `no fake route for ${method} ${url}` });
    const reply = typeof handler === 'function' ? handler(request) : handler;
    if (reply instanceof Error) throw reply;
    return fakeResponse(reply.status, reply.body, reply.headers);
  }) as typeof fetch;
  return { fetchImpl, requests, routes };
}
