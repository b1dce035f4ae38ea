import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
const { parseContentYaml } = require('../../build/parse-content-yaml');

const CONTENT_DIR = join(__dirname, '../../content');

function flatten(tree: Record<string, unknown>, prefix: string, out: Record<string, string>) {
  for (const [key, value] of Object.entries(tree)) {
    const path = `${prefix}.${key}`;
    if (typeof value === 'string') out[path] = value;
    else flatten(value as Record<string, unknown>, path, out);
  }
  return out;
}

const dictionary: Record<string, string> = {};
for (const name of readdirSync(CONTENT_DIR).filter((f) => f.endsWith('.yml'))) {
  const file = join(CONTENT_DIR, name);
  flatten(parseContentYaml(readFileSync(file, 'utf8'), file), name.replace(/\.yml$/, ''), dictionary);
}

/** The same text the app shows, so the test finds elements by their visible labels. */
export function t(key: string, vars: Record<string, string | number> = {}): string {
  const text = dictionary[key];
  if (text === undefined) throw new Error(`e2e: no content key "${key}"`);
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}
