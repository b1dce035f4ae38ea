import { malformedQuery, parseQuery } from './query-parser';

describe('query parser', () => {
  it('parses flat name=value pairs, decoding percent-encoding and "+"', () => {
    expect(parseQuery('limit=5&q=100%25+done&state=ak')).toEqual({ limit: '5', q: '100% done', state: 'ak' });
    expect(parseQuery('')).toEqual({});
    expect(parseQuery(null)).toEqual({});
    expect(parseQuery('flag&x=')).toEqual({ flag: '', x: '' });
  });

  it('keeps repeated names as arrays and never builds nested objects', () => {
    expect(parseQuery('limit=1&limit=2')).toEqual({ limit: ['1', '2'] });
    const odd = parseQuery('a[b]=c&__proto__=x');
    expect(Object.entries(odd)).toEqual([['a[b]', 'c'], ['__proto__', 'x']]);
    expect(Object.getPrototypeOf(parseQuery('a=1'))).toBeNull();
  });

  it('leaves out malformed encoding (an unpaired surrogate in disguise, a cut sequence) and lists it, naming the parameter', () => {
    for (const [query, path] of [['q=%ED%A0%80', 'query.q'], ['q=%E0%A4%A', 'query.q'], ['%zz=1', 'query.%zz'], ['limit=5&q=%', 'query.q']]) {
      const parsed = parseQuery(query);
      expect(Object.keys(parsed)).not.toContain(path.slice('query.'.length));
      expect(malformedQuery(parsed).map((p) => p.path)).toEqual([path]);
    }
    expect(malformedQuery(parseQuery('q=fine'))).toEqual([]);
  });
});
