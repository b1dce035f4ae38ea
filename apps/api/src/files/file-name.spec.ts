import { contentDisposition, fileNameProblem } from './file-name';
import { assertSafeKey } from './file-store';

describe('file names', () => {
  it('accepts ordinary names, including non-ASCII', () => {
    for (const ok of ['a.png', 'Budget FY2027 (final).pdf', 'résumé.pdf', '.hidden.png']) expect(fileNameProblem(ok)).toBeUndefined();
  });

  it('refuses traversal, separators, control characters and overlong names', () => {
    for (const bad of ['', '  ', '../x.png', '..', 'a/b.png', 'a\\b.png', 'a\u0000.png', 'a\nb.png', 'x'.repeat(256)]) {
      expect(fileNameProblem(bad)).toEqual(expect.any(String));
    }
  });

  it('builds a Content-Disposition that cannot break out of its quotes', () => {
    expect(contentDisposition('a "b"\r\nSet-Cookie: x.pdf')).toBe(
      `attachment; filename="a _b___Set-Cookie_ x.pdf"; filename*=UTF-8''a%20%22b%22%0D%0ASet-Cookie%3A%20x.pdf`,
    );
  });

  it('refuses storage keys that could escape the store', () => {
    expect(() => assertSafeKey('apds/1/2')).not.toThrow();
    for (const bad of ['../x', 'apds/../x', '/abs', 'apds//x', 'apds/x/', 'A/B']) expect(() => assertSafeKey(bad)).toThrow();
  });
});
