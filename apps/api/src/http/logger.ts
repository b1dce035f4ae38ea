import pino, { type Logger } from 'pino';
import type { LevelWithSilent } from 'pino';

/**
 * Paths whose values never reach a log line: credentials in headers and bodies. The access log
 * (access-log.ts) never logs headers or bodies; these guard every other line.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'req.body.password',
  'req.body.accessToken',
  'password',
  'accessToken',
  'token',
  '*.password',
  '*.token',
  '*.accessToken',
];

/**
 * Standard output for the JSON log, written asynchronously and in batches: lines collect until
 * 32 KiB are waiting or a second has passed, then go out in one write (of at most 64 KiB). A
 * synchronous write per request line, later an asynchronous write per line, and then one per
 * 4 KiB (3 % of the cached list route's CPU) were each a visible share of its time in
 * tools/bench/api. pino flushes what is still buffered when the process exits
 * (also after process.exit and an uncaught exception); only a kill -9 can lose the last second.
 */
export function stdoutDestination(): ReturnType<typeof pino.destination> {
  return pino.destination({ dest: 1, sync: false, minLength: 32 * 1024, maxWrite: 64 * 1024, periodicFlush: 1000 });
}

/** Logs to stdout (PM2 writes it to files), with credentials redacted. */
export function createLogger(level: LevelWithSilent, destination: pino.DestinationStream = stdoutDestination()): Logger {
  return pino({ level, redact: { paths: REDACT_PATHS, censor: '[REDACTED]' }, base: { service: 'eapd-api' } }, destination);
}
