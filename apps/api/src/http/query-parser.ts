import type { FieldProblem } from './errors';

const MALFORMED = Symbol('malformed query parameters');

type Query = Record<string, string | string[]> & { [MALFORMED]?: FieldProblem[] };

/**
 * Express's query parser: flat "a=1&b=2" (no nested objects from "a[b]=c", so schemas see plain
 * values; a repeated name gives an array, which the schemas refuse). Unlike querystring.parse it
 * does not turn a malformed percent-encoding (say "%ED%A0%80", an unpaired surrogate in
 * disguise) silently into U+FFFD: such parameters are left out and listed for `malformedQuery`,
 * which the route layer turns into a 400 naming them. (It must not throw: Express runs it before
 * it has set up the response, so an error here could not be answered as JSON.)
 */
export function parseQuery(queryString: string | null | undefined): Query {
  // Express calls this with null when the URL has no "?".
  const query: Query = Object.create(null);
  if (!queryString) return query;
  const problems: FieldProblem[] = [];
  for (const pair of queryString.split('&')) {
    if (pair === '') continue;
    const at = pair.indexOf('=');
    const rawName = at === -1 ? pair : pair.slice(0, at);
    const name = decode(rawName);
    const value = decode(at === -1 ? '' : pair.slice(at + 1));
    if (name === undefined || value === undefined) {
      problems.push({ path: `query.${name ?? rawName}`, message: 'Not valid percent-encoded UTF-8.' });
      continue;
    }
    const existing = query[name];
    query[name] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  if (problems.length) Object.defineProperty(query, MALFORMED, { value: problems, enumerable: false });
  return query;
}

/** The parameters parseQuery could not decode (empty when all were fine). */
export function malformedQuery(query: unknown): FieldProblem[] {
  return (query as Query | undefined)?.[MALFORMED] ?? [];
}

function decode(text: string): string | undefined {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}
