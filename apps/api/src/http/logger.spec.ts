import { Writable } from 'node:stream';
import { createLogger } from './logger';

describe('logger redaction', () => {
  it('redacts credentials wherever they appear in a log object', () => {
    let out = '';
    const sink = new Writable({ write(c, _e, done) { out += c.toString(); done(); } });
    const logger = createLogger('info', sink);
    logger.info({ req: { headers: { authorization: 'Bearer secret-token', cookie: 'sid=secret-cookie' }, body: { password: 'secret-pw' } }, token: 'secret-jwt' }, 'x');
    expect(out).not.toMatch(/secret-/);
    expect(out.match(/\[REDACTED\]/g)).toHaveLength(4);
  });
});
