#!/usr/bin/env node
// Budget script (not a test): gzipped size of what the browser must load before the first
// page renders: the <script> and <link rel=stylesheet> files that index.html references.
// Lazy chunks (the APD editor, the Okta SDK) are listed separately. Goal: initial JS ≤ 100 KB.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const DIST = 'dist/apps/web';
const GOAL_JS_BYTES = 100 * 1024;

if (!existsSync(join(DIST, 'index.html'))) {
  console.error(`${DIST}/index.html not found: build first with "NODE_ENV=production npx nx build web".`);
  process.exit(1);
}

const html = readFileSync(join(DIST, 'index.html'), 'utf8');
const referenced = [
  ...[...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1]),
  ...[...html.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g)].map((m) => m[1]),
].map((src) => src.replace(/^\//, ''));

const gz = (file) => gzipSync(readFileSync(join(DIST, file)), { level: 9 }).length;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const row = (name, raw, zipped) => console.log(`  ${name.padEnd(44)} ${kb(raw).padStart(10)} ${kb(zipped).padStart(10)}`);
const size = (file) => readFileSync(join(DIST, file)).length;

console.log(`Initial load (referenced by ${DIST}/index.html)            raw    gzipped`);
let js = 0;
let css = 0;
for (const file of referenced) {
  const zipped = gz(file);
  if (file.endsWith('.js')) js += zipped;
  if (file.endsWith('.css')) css += zipped;
  row(file, size(file), zipped);
}
const lazy = readdirSync(DIST).filter((f) => f.endsWith('.js') && !referenced.includes(f));
console.log('Lazy chunks (loaded on demand)');
for (const file of lazy) row(file, size(file), gz(file));
console.log('');
console.log(`Initial JS  (gzipped): ${kb(js)}  — goal ≤ ${kb(GOAL_JS_BYTES)}: ${js <= GOAL_JS_BYTES ? 'within budget' : 'OVER BUDGET'} (${((js / GOAL_JS_BYTES) * 100).toFixed(0)}% of goal)`);
console.log(`Initial CSS (gzipped): ${kb(css)}`);
