const { parseContentYaml } = require('./parse-content-yaml');

describe('parseContentYaml (the build-time content loader)', () => {
  it('returns nested maps of text', () => {
    expect(parseContentYaml('title: Hello\nform:\n  name: Name\n', 'x.yml')).toEqual({
      title: 'Hello',
      form: { name: 'Name' },
    });
  });

  it('fails on invalid YAML, naming the file', () => {
    expect(() => parseContentYaml('title: "unclosed\n', 'bad.yml')).toThrow(/bad\.yml: invalid YAML/);
  });

  it('fails on a duplicate key (the second would silently win)', () => {
    expect(() => parseContentYaml('a: one\na: two\n', 'dup.yml')).toThrow(/dup\.yml/);
  });

  it('fails on an empty value or a list, which would render as broken text', () => {
    expect(() => parseContentYaml('a:\n', 'empty.yml')).toThrow('"a" must be text');
    expect(() => parseContentYaml('a:\n  - x\n', 'list.yml')).toThrow('"a" must be text');
    expect(() => parseContentYaml('n: 3\n', 'num.yml')).toThrow('"n" must be text');
  });
});
