import pino, { type Logger } from 'pino';
import type { LevelWithSilent } from 'pino';

/**
 * Paths whose values never reach a log line: credentials in headers and bodies. pino-http
 * logs req.headers, so the header paths matter even though we never log bodies ourselves.
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
 * Logs to stdout (PM2 writes it to files). Asynchronously by default: a synchronous write per
 * request line was a visible share of the list route's time in tools/bench/api, and pino
 * flushes what is buffered when the process exits (also after process.exit and crashes).
 */
export function createLogger(level: LevelWithSilent, destination: pino.DestinationStream = pino.destination({ dest: 1, sync: false })): Logger {
  return pino({ level, redact: { paths: REDACT_PATHS, censor: '[REDACTED]' }, base: { service: 'eapd-api' } }, destination);
}
