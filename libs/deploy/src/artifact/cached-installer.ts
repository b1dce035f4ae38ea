import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { DependencyInstaller } from './install-dependencies';
import { sha256Hex } from './manifest';

/**
 * Reuses a `node_modules` installed earlier from the same package.json, lockfile and Node
 * version: `npm ci` costs tens of seconds, copying a cached tree a few.
 */
export function cachedInstaller(inner: DependencyInstaller, cacheRoot: string): DependencyInstaller {
  return async (dir) => {
    const key = sha256Hex(
      [readFileSync(join(dir, 'package.json'), 'utf8'), readFileSync(join(dir, 'package-lock.json'), 'utf8'), process.version].join('\0'),
    ).slice(0, 32);
    const cached = join(cacheRoot, key, 'node_modules');
    if (!existsSync(cached)) {
      await inner(dir);
      const partial = join(cacheRoot, `${key}.partial`);
      rmSync(partial, { recursive: true, force: true });
      mkdirSync(partial, { recursive: true });
      cpSync(join(dir, 'node_modules'), join(partial, 'node_modules'), { recursive: true, verbatimSymlinks: true });
      rmSync(join(cacheRoot, key), { recursive: true, force: true });
      renameSync(partial, join(cacheRoot, key));
      return;
    }
    cpSync(cached, join(dir, 'node_modules'), { recursive: true, verbatimSymlinks: true });
  };
}
