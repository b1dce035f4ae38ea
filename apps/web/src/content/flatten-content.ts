/** Flattens nested content maps into dotted keys: { a: { b: 'x' } } → { 'a.b': 'x' }. */
export function flattenContent(tree: { [key: string]: unknown }, prefix = ''): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') {
      flat[path] = value;
    } else if (value && typeof value === 'object') {
      Object.assign(flat, flattenContent(value as { [key: string]: unknown }, path));
    } else {
      throw new Error(`Content "${path}" must be text or a map of texts`);
    }
  }
  return flat;
}
