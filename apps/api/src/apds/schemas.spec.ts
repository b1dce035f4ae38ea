import { parseInput } from '../http/validate';
import { HttpError } from '../http/errors';
import { escapeLike } from './list-apds';
import { budgetYearProblems, createApdBodySchema, listApdsQuerySchema, patchApdBodySchema } from './schemas';

const problems = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as HttpError).problems?.map((p) => p.path);
  }
  throw new Error('expected a validation error');
};

describe('APD schemas', () => {
  it('fills defaults and accepts a minimal APD', () => {
    expect(parseInput(createApdBodySchema, { name: ' X ', years: [2027] }, 'body')).toEqual({ name: 'X', years: [2027], summary: '', activities: [] });
  });

  it('reports unknown fields and bad values with their paths', () => {
    expect(problems(() => parseInput(createApdBodySchema, { name: 'x', years: [1999], extra: 1 }, 'body'))).toEqual(['body.years.0', 'body.extra']);
    expect(problems(() => parseInput(createApdBodySchema, { name: 'x', years: [2027, 2027] }, 'body'))).toEqual(['body.years']);
  });

  it('coerces and bounds list query parameters', () => {
    expect(parseInput(listApdsQuerySchema, { limit: '5', year: '2027' }, 'query')).toEqual({ limit: 5, offset: 0, year: 2027 });
    expect(problems(() => parseInput(listApdsQuerySchema, { limit: '500' }, 'query'))).toEqual(['query.limit']);
    expect(problems(() => parseInput(listApdsQuerySchema, { state: 'xx' }, 'query'))).toEqual(['query.state']);
  });

  it('needs a version and a change in a patch', () => {
    expect(problems(() => parseInput(patchApdBodySchema, { name: 'x' }, 'body'))).toEqual(['body.version']);
    expect(problems(() => parseInput(patchApdBodySchema, { version: 1 }, 'body'))).toEqual(['body']);
  });

  it('requires budget lines to use one of the APD\'s years', () => {
    const line = { year: 2030, category: 'x', federalSharePercent: 90, amountCents: 1 };
    expect(budgetYearProblems({ years: [2027], activities: [{ name: 'a', description: '', budget: [line] }] })).toEqual([
      { path: 'body.activities.0.budget.0.year', message: expect.any(String) },
    ]);
  });

  it('escapes LIKE wildcards', () => {
    expect(escapeLike('50%_a\\b')).toBe('50\\%\\_a\\\\b');
  });
});
