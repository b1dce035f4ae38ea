import { mapError, RETRY_AFTER_SECONDS } from './error-mapping';
import { badRequest, conflict, HttpError, locked, notFound, serviceUnavailable } from './errors';

const pgError = (code: string, message = 'insert or update on table "files" violates foreign key constraint "files_apd_id_foreign"') =>
  Object.assign(new Error(message), { code, detail: 'Key (apd_id)=(…) is not present in table "apds".' });

describe('error mapping', () => {
  it('passes HttpErrors through with their status, code and problems', () => {
    expect(mapError(badRequest('bad', [{ path: 'body.x', message: 'no' }]))).toEqual({
      status: 400, body: { error: { code: 'bad_request', message: 'bad', problems: [{ path: 'body.x', message: 'no' }] } },
    });
    expect(mapError(notFound()).status).toBe(404);
    expect(mapError(conflict('c')).status).toBe(409);
    expect(mapError(locked('l')).status).toBe(423);
    expect(mapError(serviceUnavailable('later')).headers).toEqual({ 'Retry-After': String(RETRY_AFTER_SECONDS) });
    expect(mapError(locked('l', 90)).headers).toEqual({ 'Retry-After': '90' });
    expect(mapError(locked('l')).headers).toBeUndefined();
    const wrong = mapError(new HttpError(401, 'unauthorized', 'wrong', undefined, { attemptsRemaining: 2 }));
    expect(wrong.body).toEqual({ error: { code: 'unauthorized', message: 'wrong', attemptsRemaining: 2 } });
  });

  it('turns body-parser errors into 4xx, never 500, naming the body when it is not JSON', () => {
    expect(mapError({ type: 'entity.parse.failed', status: 400 })).toMatchObject({ status: 400, body: { error: { problems: [{ path: 'body' }] } } });
    expect(mapError({ type: 'entity.too.large', status: 413 }).status).toBe(413);
    expect(mapError({ type: 'charset.unsupported', status: 415 }).status).toBe(415);
    expect(mapError({ status: 404 }).status).toBe(404);
  });

  it('names the body in every 400 it maps from a body-reading failure (aborted, length mismatch)', () => {
    expect(mapError({ type: 'request.aborted', status: 400 })).toMatchObject({ status: 400, body: { error: { code: 'aborted', problems: [{ path: 'body' }] } } });
    expect(mapError({ type: 'request.size.invalid', status: 400 })).toMatchObject({ status: 400, body: { error: { problems: [{ path: 'body' }] } } });
    expect(mapError({ status: 404 }).body.error.problems).toBeUndefined();
  });

  it.each([
    ['connection refused', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['dual-stack connection refused', Object.assign(new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })], ''), {})],
    ['pool timeout', Object.assign(new Error('Knex: Timeout acquiring a connection.'), { name: 'KnexTimeoutError' })],
    ['frozen server', new Error('Query read timeout')],
    ['frozen server, as knex reports it', new Error('select * from "users" where "email" = $1 limit $2 - Query read timeout')],
    ['connect timeout', new Error('timeout exceeded when trying to connect')],
    ['handshake timeout (frozen server)', new Error('timeout expired')],
    ['connection lost', new Error('Connection terminated unexpectedly')],
    ['server shutting down', pgError('57P01', 'terminating connection due to administrator command')],
    ['server starting', pgError('57P03', 'the database system is starting up')],
    ['statement timeout', pgError('57014', 'canceling statement due to statement timeout')],
    ['too many connections', pgError('53300', 'sorry, too many clients already')],
  ])('answers 503 with Retry-After when the database cannot answer: %s', (_name, err) => {
    const mapped = mapError(err);
    expect(mapped).toMatchObject({ status: 503, body: { error: { code: 'unavailable' } }, headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) } });
  });

  it('answers 4xx when the database refuses a value or a vanished reference, without its SQL text', () => {
    const fk = mapError(pgError('23503'));
    expect(fk).toMatchObject({ status: 409, body: { error: { code: 'conflict' } } });
    expect(mapError(pgError('22P05', 'unsupported Unicode escape sequence'))).toMatchObject({ status: 400 });
    expect(mapError(pgError('22003', 'integer out of range'))).toMatchObject({ status: 400 });
    expect(JSON.stringify([fk, mapError(pgError('22003', 'integer out of range'))])).not.toMatch(/files_apd_id|apds|integer out of range|Key/);
  });

  it('hides internals: 500 with a generic message and never a stack, in every environment', () => {
    const err = new Error('select * from secrets where host = 10.0.0.5');
    const mapped = mapError(err);
    expect(mapped).toMatchObject({ status: 500, body: { error: { code: 'internal', message: expect.any(String) } } });
    expect(Object.keys(mapped.body.error).sort()).toEqual(['code', 'message']);
    expect(JSON.stringify(mapped)).not.toMatch(/10\.0\.0\.5|select|at .*:\d+/);
  });
});
