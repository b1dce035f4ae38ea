interface Problem {
  path?: unknown;
  field?: unknown;
  message?: unknown;
}

function pathOf(problem: Problem): string {
  const path = problem.path ?? problem.field;
  if (Array.isArray(path)) return path.map(String).join('.');
  // The API prefixes where the problem came from ("body.years.0"); the form's paths are the body's.
  return typeof path === 'string' ? path.replace(/^body(\.|$)/, '') : '';
}

/**
 * Reads the API's 400 body into field path → message. Accepts the list under
 * `error.problems` (our API), `issues`, `errors` or `details`, with `path` as an array (zod) or a dotted string.
 * Problems without a path are kept under '' so they are still shown, never dropped.
 */
export function parseFieldErrors(body: unknown): Record<string, string> {
  if (!body || typeof body !== 'object') return {};
  const outer = body as Record<string, unknown>;
  // The API answers { error: { code, message, problems: [{ path, message }] } }.
  const record = (outer['error'] && typeof outer['error'] === 'object' ? outer['error'] : outer) as Record<string, unknown>;
  const list = [record['problems'], record['issues'], record['errors'], record['details']].find(Array.isArray) as
    | Problem[]
    | undefined;
  const result: Record<string, string> = {};
  for (const problem of list ?? []) {
    if (!problem || typeof problem !== 'object') continue;
    const path = pathOf(problem);
    // No wording from the API: '' lets the page use its own sentence for the field.
    const message = typeof problem.message === 'string' ? problem.message : '';
    if (!(path in result)) result[path] = message;
  }
  return result;
}
