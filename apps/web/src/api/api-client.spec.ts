import { createFakeFetch } from '../testing/fake-fetch';
import { createApiClient } from './api-client';
import { ApiError } from './api-error';

function setup(routes: Parameters<typeof createFakeFetch>[0], token: string | null = 'tok') {
  const fake = createFakeFetch(routes);
  const onUnauthorized = jest.fn();
  const client = createApiClient({ baseUrl: '/api/', getToken: () => token, onUnauthorized, fetchImpl: fake.fetchImpl });
  return { client, onUnauthorized, requests: fake.requests };
}

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('API client', () => {
  it('sends the session token as a Bearer header and JSON bodies', async () => {
    const { client, requests } = setup({ 'POST /api/apds': { status: 201, body: { apd: { id: '1' } } } });
    await expect(client.post('/apds', { name: 'A' })).resolves.toEqual({ apd: { id: '1' } });
    expect(requests[0].headers['Authorization']).toBe('Bearer tok');
    expect(requests[0].headers['Content-Type']).toBe('application/json');
    expect(requests[0].body).toEqual({ name: 'A' });
  });

  it('sends no Authorization header when signed out', async () => {
    const { client, requests } = setup({ 'GET /api/health': { status: 200, body: {} } }, null);
    await client.get('/health');
    expect(requests[0].headers['Authorization']).toBeUndefined();
  });

  it('401: reports "unauthorized" and tells the app to return to sign-in', async () => {
    const { client, onUnauthorized } = setup({ 'GET /api/apds': { status: 401, body: { error: 'token expired' } } });
    const error = await failure(client.get('/apds'));
    expect(error.kind).toBe('unauthorized');
    expect(error.message).toBe('token expired');
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('401 on the login call itself is a wrong password, not an ended session', async () => {
    const { client, onUnauthorized } = setup({ 'POST /api/auth/login': { status: 401 } });
    const error = await failure(client.post('/auth/login', {}, { skipUnauthorizedHandler: true }));
    expect(error.kind).toBe('unauthorized');
    expect(onUnauthorized).not.toHaveBeenCalled();
  });

  it('409: reports a conflict', async () => {
    const { client } = setup({ 'PATCH /api/apds/1': { status: 409, body: { error: { code: 'conflict', message: 'version is stale' } } } });
    const error = await failure(client.patch('/apds/1', { version: 1 }));
    expect(error.kind).toBe('conflict');
    expect(error.message).toBe('version is stale');
    expect(error.status).toBe(409);
  });

  it('400: maps each field problem to its dotted path', async () => {
    const body = {
      error: 'Validation failed',
      issues: [
        { path: ['name'], message: 'Too short' },
        { path: ['activities', 0, 'budget', 1, 'amountCents'], message: 'Must be ≥ 0' },
        { path: [], message: 'Unknown field "x"' },
      ],
    };
    const { client } = setup({ 'POST /api/apds': { status: 400, body } });
    const error = await failure(client.post('/apds', {}));
    expect(error.kind).toBe('validation');
    expect(error.fieldErrors).toEqual({
      name: 'Too short',
      'activities.0.budget.1.amountCents': 'Must be ≥ 0',
      '': 'Unknown field "x"',
    });
  });

  it("400 in the API's own shape: error.problems with body.-prefixed paths", async () => {
    const body = {
      error: {
        code: 'bad_request',
        message: 'The request body is invalid.',
        problems: [
          { path: 'body.activities.0.budget.0.year', message: "Must be one of the APD's years." },
          { path: 'body', message: 'Change at least one field besides version.' },
        ],
      },
    };
    const { client } = setup({ 'PATCH /api/apds/1': { status: 400, body } });
    const error = await failure(client.patch('/apds/1', {}));
    expect(error.message).toBe('The request body is invalid.');
    expect(error.fieldErrors).toEqual({
      'activities.0.budget.0.year': "Must be one of the APD's years.",
      '': 'Change at least one field besides version.',
    });
  });

  it('400 with string paths under "errors" is read too', async () => {
    const body = { errors: [{ path: 'body.years', message: 'Required' }] };
    const { client } = setup({ 'POST /api/apds': { status: 400, body } });
    expect((await failure(client.post('/apds', {}))).fieldErrors).toEqual({ years: 'Required' });
  });

  it('network failure: reports "network" with the cause, never swallowed', async () => {
    const { client } = setup({ 'GET /api/apds': new TypeError('Failed to fetch') });
    const error = await failure(client.get('/apds'));
    expect(error.kind).toBe('network');
    expect(error.status).toBe(0);
    expect(error.message).toContain('Failed to fetch');
  });

  it('5xx with a non-JSON body: reports "server" with the status', async () => {
    const { client } = setup({ 'GET /api/apds': { status: 502, body: '<html>Bad gateway</html>' } });
    const error = await failure(client.get('/apds'));
    expect(error.kind).toBe('server');
    expect(error.status).toBe(502);
  });

  it('503: reports "unavailable" with the wait from Retry-After', async () => {
    const { client } = setup({
      'GET /api/apds': { status: 503, body: { error: { code: 'unavailable', message: 'db down' } }, headers: { 'Retry-After': '30' } },
    });
    const error = await failure(client.get('/apds'));
    expect(error.kind).toBe('unavailable');
    expect(error.details).toEqual({ code: 'unavailable', retryAfterSeconds: 30 });
  });

  it('works with an absolute base URL', async () => {
    const fake = createFakeFetch({ 'GET https://api.example.gov/api/me': { status: 200, body: { user: {} } } });
    const client = createApiClient({
      baseUrl: 'https://api.example.gov/api',
      getToken: () => null,
      onUnauthorized: jest.fn(),
      fetchImpl: fake.fetchImpl,
    });
    await expect(client.get('/me')).resolves.toEqual({ user: {} });
  });
});
