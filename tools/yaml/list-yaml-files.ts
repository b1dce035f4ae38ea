import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { git } from '../lib/git';

/**
 * Every YAML file of the work tree: tracked files plus untracked ones that are not
 * git-ignored (so a new content file is checked before it is committed). Ignored paths
 * (node_modules, dist, tmp, ...) are never listed; node_modules is excluded again in case a
 * checkout vendors one. Files deleted in the work tree but still tracked are skipped.
 */
export function listYamlFiles(root: string): string[] {
  const out = git(['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', '*.yml', '*.yaml'], root);
  const files = new Set(out.split('\0').filter(Boolean));
  return [...files]
    .filter((f) => !f.split('/').includes('node_modules'))
    .filter((f) => existsSync(join(root, f)))
    .sort();
}
