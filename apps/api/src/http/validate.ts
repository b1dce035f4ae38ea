import type { z } from 'zod';
import { badRequest, type FieldProblem } from './errors';

export type InputSource = 'body' | 'query' | 'params';

/**
 * Parses one part of the request or throws a 400 listing every field problem. Text that
 * PostgreSQL cannot store or that is not Unicode (a NUL character, an unpaired surrogate) is
 * refused here, for every field of every route, before any schema or query sees it.
 */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown, source: InputSource): z.output<T> {
  const textIssues = unstorableText(value, source);
  const result = schema.safeParse(value);
  if (result.success && textIssues.length === 0) return result.data;
  const reported = new Set(textIssues.map((p) => p.path));
  const problems = [...textIssues, ...(result.success ? [] : toProblems(result.error, source).filter((p) => !reported.has(p.path)))];
  throw badRequest(`The request ${source === 'body' ? 'body' : source} is invalid.`, problems);
}

export function toProblems(error: z.ZodError, source: InputSource): FieldProblem[] {
  return error.issues.flatMap((issue) => {
    const base = [source, ...issue.path.map(String)];
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: [...base, key].join('.'), message: 'Unknown field.' }));
    }
    return [{ path: base.join('.'), message: issue.message }];
  });
}

const NUL_MESSAGE = 'Must not contain the NUL character (\\u0000).';
const SURROGATE_MESSAGE = 'Must be valid Unicode text: it contains an unpaired surrogate (\\ud800-\\udfff on its own).';

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a string cannot be accepted as text, or undefined when it can. */
export function textProblem(text: string): string | undefined {
  if (text.includes('\u0000')) return NUL_MESSAGE;
  if (LONE_SURROGATE.test(text)) return SURROGATE_MESSAGE;
  return undefined;
}

/**
 * Every string (and object key) in `value` that is not storable text, with its path. Walks
 * with an explicit stack: a 256 kB JSON body can nest deeper than the call stack allows.
 */
export function unstorableText(value: unknown, source: InputSource): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const pending: { value: unknown; path: string }[] = [{ value, path: source }];
  while (pending.length > 0) {
    const { value: current, path } = pending.pop() as { value: unknown; path: string };
    if (typeof current === 'string') {
      const message = textProblem(current);
      if (message) problems.push({ path, message });
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) pending.push({ value: current[i], path: `${path}.${i}` });
    } else if (current !== null && typeof current === 'object') {
      const entries = Object.entries(current);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i];
        const keyMessage = textProblem(key);
        if (keyMessage) problems.push({ path: `${path}.${key}`, message: `Field name: ${keyMessage}` });
        else pending.push({ value: child, path: `${path}.${key}` });
      }
    }
  }
  return problems;
}
