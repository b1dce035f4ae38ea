/**
 * Validates an uploaded file's name. We never use it as a path (keys are generated), but a
 * name that tries path traversal or carries control characters is refused outright rather
 * than silently cleaned, so the client learns about it.
 */
export function fileNameProblem(name: string): string | undefined {
  if (!name || !name.trim()) return 'The file needs a name.';
  if (Buffer.byteLength(name, 'utf8') > 255) return 'The file name is longer than 255 bytes.';
  if (/[/\\]/.test(name)) return 'The file name must not contain / or \\.';
  if (name === '.' || name === '..' || name.startsWith('..')) return 'The file name must not start with "..".';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'The file name must not contain control characters.';
  return undefined;
}

/**
 * A Content-Disposition header that is safe whatever the stored name: an ASCII fallback with
 * anything unusual replaced, plus the exact name percent-encoded per RFC 6266 / 5987.
 */
export function contentDisposition(name: string, disposition: 'attachment' | 'inline' = 'attachment'): string {
  const fallback = name.replace(/[^A-Za-z0-9._ ()-]/g, '_').slice(0, 200) || 'file';
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${disposition}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
