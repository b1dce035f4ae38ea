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

export function createLogger(level: LevelWithSilent, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACT_PATHS, censor: '[REDACTED]' }, base: { service: 'eapd-api' } }, destination);
}
