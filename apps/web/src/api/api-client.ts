import { ApiError, kindForStatus } from './api-error';
import { errorDetails } from './error-details';
import { parseFieldErrors } from './field-errors';

export interface ApiClientOptions {
  /** From /config.json (apiUrl): "/api" or "https://api.example.gov/api". */
  baseUrl: string;
  getToken: () => string | null;
  /** Called on any 401 so the app can return the user to sign-in. */
  onUnauthorized: () => void;
  fetchImpl?: typeof fetch;
}

export interface RequestOptions {
  body?: unknown;
  /** Return the raw Response (for file downloads) instead of parsed JSON. */
  raw?: boolean;
  /** A 401 here is a wrong password, not an ended session. */
  skipUnauthorizedHandler?: boolean;
}

export type ApiClient = ReturnType<typeof createApiClient>;

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function messageOf(body: unknown, fallback: string): string {
  if (body && typeof body === 'object') {
    const record = body as Record<string, unknown>;
    const inner = record['error'];
    if (inner && typeof inner === 'object' && typeof (inner as Record<string, unknown>)['message'] === 'string') {
      return (inner as Record<string, string>)['message'];
    }
    for (const key of ['message', 'error']) {
      if (typeof record[key] === 'string') return record[key] as string;
    }
  }
  return typeof body === 'string' && body ? body.slice(0, 200) : fallback;
}

/** The one place that talks HTTP to the API: auth header, JSON, and error mapping. */
export function createApiClient(options: ApiClientOptions) {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const fetchImpl = options.fetchImpl ?? ((input, init) => fetch(input, init));

  async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    const token = options.getToken();
    if (token) headers['Authorization'] = `Bearer ${token}`;
    let body: BodyInit | undefined;
    if (opts.body instanceof FormData) {
      body = opts.body; // the browser sets the multipart boundary
    } else if (opts.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(opts.body);
    }

    let response: Response;
    try {
      response = await fetchImpl(`${baseUrl}${path}`, { method, headers, body });
    } catch (cause) {
      const detail = cause instanceof Error ? cause.message : String(cause);
      throw new ApiError('network', 0, `Network error calling ${method} ${path}: ${detail}`);
    }

    if (response.ok) {
      if (opts.raw) return response as unknown as T;
      return (await readBody(response)) as T;
    }

    const errorBody = await readBody(response).catch(() => null);
    const kind = kindForStatus(response.status);
    if (kind === 'unauthorized' && !opts.skipUnauthorizedHandler) options.onUnauthorized();
    const fieldErrors = kind === 'validation' ? parseFieldErrors(errorBody) : {};
    const details = errorDetails(response.status, errorBody, response.headers);
    throw new ApiError(kind, response.status, messageOf(errorBody, `HTTP ${response.status}`), fieldErrors, details);
  }

  return {
    request,
    get: <T>(path: string, opts?: RequestOptions) => request<T>('GET', path, opts),
    post: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('POST', path, { ...opts, body }),
    patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, { body }),
    delete: <T>(path: string) => request<T>('DELETE', path),
  };
}
