// Decides whether `npm start` must rebuild the API: asking Nx costs ~10 s (project graph) even
// when its cache answers, so a build newer than every input it is made from is used as it is.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const SKIP = new Set(['node_modules', '.git', 'dist', 'coverage', 'tmp', '.data', '.nx']);

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs; // a deleted file changes its folder's mtime
  for (const name of readdirSync(path)) {
    if (!SKIP.has(name)) newest = Math.max(newest, newestMtime(join(path, name)));
  }
  return newest;
}

/** The inputs of `nx build api`: its project, the config library, and the shared settings. */
export const API_BUILD_INPUTS = ['apps/api', 'libs/config', 'package-lock.json', 'tsconfig.base.json', 'nx.json'];

/** Returns null when `dist/apps/api/dev.js` is newer than every input, else why a build is needed. */
export function apiBuildNeeded(root) {
  const output = join(root, 'dist/apps/api/dev.js');
  if (!existsSync(output)) return 'no build yet (first run: about a minute)';
  const built = statSync(output).mtimeMs;
  const changed = API_BUILD_INPUTS.find((input) => newestMtime(join(root, input)) > built);
  return changed ? `${changed} changed since the last build` : null;
}
