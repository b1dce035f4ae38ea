// The API logs JSON lines (pino). In a terminal a person reads "GET /api/apds → 401 (5 ms)",
// not a JSON object, so `npm start` turns each log record into one short line.
const LEVELS = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };

export function formatApiLine(line) {
  if (!line.startsWith('{')) return line;
  let record;
  try {
    record = JSON.parse(line);
  } catch {
    return line;
  }
  const level = LEVELS[record.level] ?? String(record.level ?? '');
  if (record.req && record.res) {
    const took = typeof record.responseTime === 'number' ? ` (${record.responseTime} ms)` : '';
    return `${record.req.method} ${record.req.url} → ${record.res.statusCode}${took}`;
  }
  const error = record.err?.message ? `: ${record.err.message}` : '';
  return `${level}: ${record.msg ?? ''}${error}`;
}
