import { z } from 'zod';
import { HttpError } from './errors';
import { parseInput, textProblem, unstorableText } from './validate';

const refused = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(HttpError);
    return { status: (e as HttpError).status, problems: (e as HttpError).problems };
  }
  throw new Error('expected a 400');
};

describe('text every field must be', () => {
  it('accepts any Unicode text, including RTL, emoji (surrogate pairs) and control characters other than NUL', () => {
    for (const ok of ['', 'plain', 'مرحبا بالعالم', '\u202Eevil\u202C', '😀 and 𝄞', 'tab\there', 'x'.repeat(10_000)]) expect(textProblem(ok)).toBeUndefined();
  });

  it('refuses NUL and unpaired surrogates, naming the field', () => {
    expect(textProblem('a\u0000b')).toMatch(/NUL/);
    for (const bad of ['bad\ud800x', '\udc00', 'x\ud83d', '\ude00y', '\ud800\ud800\udc00']) expect(textProblem(bad)).toMatch(/surrogate/);
    const schema = z.strictObject({ name: z.string(), list: z.array(z.string()), nested: z.strictObject({ q: z.string() }) });
    const result = refused(() => parseInput(schema, { name: 'a\u0000', list: ['ok', 'b\ud800'], nested: { q: '\udfff' } }, 'body'));
    expect(result.status).toBe(400);
    expect(result.problems?.map((p) => p.path)).toEqual(['body.name', 'body.list.1', 'body.nested.q']);
  });

  it('reports text problems and schema problems together, one per field', () => {
    const schema = z.strictObject({ q: z.string().max(3), limit: z.number() });
    const result = refused(() => parseInput(schema, { q: 'long\u0000', limit: 'x' }, 'query'));
    expect(result.problems?.map((p) => p.path)).toEqual(['query.q', 'query.limit']);
  });

  it('checks object keys, and walks inputs nested deeper than the call stack', () => {
    expect(unstorableText({ ['k\u0000']: 1 }, 'body')).toEqual([{ path: 'body.k\u0000', message: expect.stringMatching(/^Field name/) }]);
    let deep: unknown = 'bottom\u0000';
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(unstorableText(deep, 'body')).toHaveLength(1);
  });
});
