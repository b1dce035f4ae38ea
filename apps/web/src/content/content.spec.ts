import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CONTENT_FILES, hasContent, t } from './content';
import { flattenContent } from './flatten-content';

const SRC = join(__dirname, '..');
const CONTENT_DIR = join(__dirname, '../../content');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !/\.spec\.tsx?$/.test(name) ? [path] : [];
  });
}

const files = sourceFiles(SRC);

describe('content keys used by the code', () => {
  it('finds the source files and the t() calls in them (guards the scan itself)', () => {
    expect(files.length).toBeGreaterThan(10);
    const calls = files.flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([^']+)'/g)]);
    expect(calls.length).toBeGreaterThan(50);
  });

  it.each(files.map((file) => [relative(SRC, file), file]))('%s: every t() key exists in the YAML', (_name, file) => {
    const source = readFileSync(file, 'utf8');
    const missing = [...source.matchAll(/\bt\(\s*'([^']+)'/g)].map((m) => m[1]).filter((key) => !hasContent(key));
    expect(missing).toEqual([]);
  });

  const callers = files.filter((file) => !file.endsWith(join('content', 'content.ts')));
  it.each(callers.map((file) => [relative(SRC, file), file]))('%s: t() is only called with a literal key', (_n, file) => {
    // A computed key could not be checked by the scan above, so it is not allowed.
    const source = readFileSync(file, 'utf8');
    const computed = [...source.matchAll(/\bt\(\s*([^'\s)][^,)]*)/g)].map((m) => m[0]);
    expect(computed).toEqual([]);
  });
});

describe('content files', () => {
  it('loads every YAML file under apps/web/content (none forgotten in content.ts)', () => {
    const onDisk = readdirSync(CONTENT_DIR)
      .filter((name) => /\.ya?ml$/.test(name))
      .map((name) => name.replace(/\.ya?ml$/, ''))
      .sort();
    expect(Object.keys(CONTENT_FILES).sort()).toEqual(onDisk);
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(t('apd-list.title', { state: 'AK' })).toBe('APDs for AK');
    expect(t('apd-list.title')).toBe('APDs for {state}');
  });

  it('shows a missing key as [key] rather than blank text', () => {
    expect(hasContent('no.such.key')).toBe(false);
    expect(t('no.such.key')).toBe('[no.such.key]');
  });

  it('flattens nested maps into dotted keys and rejects non-text leaves', () => {
    expect(flattenContent({ a: { b: 'x', c: { d: 'y' } } })).toEqual({ 'a.b': 'x', 'a.c.d': 'y' });
    expect(() => flattenContent({ a: { b: 3 } })).toThrow('"a.b" must be text');
  });
});
