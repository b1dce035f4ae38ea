import { mapError } from './error-mapping';
import { badRequest, conflict, locked, notFound } from './errors';

describe('error mapping', () => {
  it('passes HttpErrors through with their status, code and problems', () => {
    expect(mapError(badRequest('bad', [{ path: 'body.x', message: 'no' }]), false)).toEqual({
      status: 400, body: { error: { code: 'bad_request', message: 'bad', problems: [{ path: 'body.x', message: 'no' }] } },
    });
    expect(mapError(notFound(), false).status).toBe(404);
    expect(mapError(conflict('c'), false).status).toBe(409);
    expect(mapError(locked('l'), false).status).toBe(423);
  });

  it('turns body-parser errors into 4xx, never 500', () => {
    expect(mapError({ type: 'entity.parse.failed', status: 400 }, false).status).toBe(400);
    expect(mapError({ type: 'entity.too.large', status: 413 }, false).status).toBe(413);
    expect(mapError({ type: 'charset.unsupported', status: 415 }, false).status).toBe(415);
    expect(mapError({ status: 404 }, false).status).toBe(404);
  });

  it('hides internals: 500 with a generic message, and a stack only when allowed', () => {
    const err = new Error('connection to 10.0.0.5 refused');
    const prod = mapError(err, false);
    expect(prod).toEqual({ status: 500, body: { error: { code: 'internal', message: expect.any(String) } } });
    expect(JSON.stringify(prod)).not.toContain('10.0.0.5');
    expect(mapError(err, true).body.error.stack).toContain('connection to 10.0.0.5 refused');
  });
});
