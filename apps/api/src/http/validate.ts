import type { z } from 'zod';
import { badRequest, type FieldProblem } from './errors';

export type InputSource = 'body' | 'query' | 'params';

/** Parses one part of the request or throws a 400 listing every field problem. */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown, source: InputSource): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw badRequest(`The request ${source === 'body' ? 'body' : source} is invalid.`, toProblems(result.error, source));
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
