import type { ListedFile } from './list-files';

/**
 * Which files of `dist/apps/api` go into the artifact. An allow-list, so anything new in the
 * build (a dev-only entry, test seeds, fixtures) stays out until someone decides otherwise.
 * "Only necessary database migrations": compiled migrations and the BASE seeds; the
 * development and test seeds would create demo users on a production database.
 */
const ALLOWED: RegExp[] = [
  /^main\.js$/,
  /^migrate\.js$/,
  /^seed\.js$/,
  /^migrations\/[^/]+\.js$/,
  /^seeds\/base\/[^/]+\.js$/,
];

/** Replaced by the artifact's own (production-only, PM2 added) versions. */
const PACKAGE_FILES = ['package.json', 'package-lock.json'];

const SPEC = /\.(spec|test)\.js$/;

export interface BuildFileSelection {
  included: ListedFile[];
  excluded: string[];
}

export function selectBuildFiles(files: ListedFile[], options: { sourceMaps: boolean }): BuildFileSelection {
  const included: ListedFile[] = [];
  const excluded: string[] = [];
  for (const file of files) {
    if (isWanted(file.path, options.sourceMaps)) included.push(file);
    else if (!PACKAGE_FILES.includes(file.path)) excluded.push(file.path);
  }
  return { included, excluded };
}

function isWanted(path: string, sourceMaps: boolean): boolean {
  const code = sourceMaps && path.endsWith('.js.map') ? path.slice(0, -'.map'.length) : path;
  return !SPEC.test(code) && ALLOWED.some((pattern) => pattern.test(code));
}

/** The entry points without which the artifact cannot run; checked before anything is built. */
export const REQUIRED_BUILD_FILES = ['main.js', 'migrate.js', 'seed.js'];
