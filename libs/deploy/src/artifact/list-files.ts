import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export interface ListedFile {
  /** Path relative to the listed folder, `/`-separated. */
  path: string;
  /** Whether any execute bit is set (kept in the zip as 0755; everything else is 0644). */
  executable: boolean;
}

export interface Listing {
  files: ListedFile[];
  /** Symbolic links found and left out: a zip cannot carry them portably. */
  symlinks: string[];
}

/** Every regular file under `root`, sorted by path (code-unit order, independent of locale). */
export function listFiles(root: string): Listing {
  const files: ListedFile[] = [];
  const symlinks: string[] = [];
  const walk = (dir: string, prefix: string) => {
    for (const name of readdirSync(dir)) {
      const abs = join(dir, name);
      const rel = prefix ? `${prefix}/${name}` : name;
      const stat = lstatSync(abs);
      if (stat.isSymbolicLink()) symlinks.push(rel);
      else if (stat.isDirectory()) walk(abs, rel);
      else if (stat.isFile()) files.push({ path: rel, executable: (stat.mode & 0o111) !== 0 });
    }
  };
  walk(root, '');
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  symlinks.sort();
  return { files, symlinks };
}
