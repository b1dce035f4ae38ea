import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { git } from '../lib/git';

/** A project's targets and, where project.json declares them, each target's configurations. */
export type WorkspaceTargets = Map<string, Map<string, { configurations?: string[]; inferredBy?: string }>>;

/**
 * The Nx inference plugins this workspace uses (nx.json "plugins"): the file in a project's
 * root that makes the plugin add targets, and the options naming those targets (defaults
 * as in Nx 23). Reading project.json files plus these rules is what `nx show project`
 * would resolve, at a fraction of its cost (it builds the whole project graph, ~5 s).
 */
const PLUGINS: Record<string, { file: RegExp; targetOptions: Record<string, string> }> = {
  '@nx/eslint/plugin': { file: /^eslint\.config\.(c|m)?(j|t)s$/, targetOptions: { targetName: 'lint' } },
  '@nx/jest/plugin': { file: /^jest\.config\.(c|m)?(j|t)s$/, targetOptions: { targetName: 'test' } },
  '@nx/webpack/plugin': {
    file: /^webpack\.config\.(c|m)?(j|t)s$/,
    targetOptions: {
      buildTargetName: 'build',
      serveTargetName: 'serve',
      previewTargetName: 'preview',
      serveStaticTargetName: 'serve-static',
      buildDepsTargetName: 'build-deps',
      watchDepsTargetName: 'watch-deps'
    }
  }
};

export function workspaceTargets(root: string): WorkspaceTargets {
  const nxJson = JSON.parse(readFileSync(join(root, 'nx.json'), 'utf8'));
  const plugins = (nxJson.plugins ?? []).map((p: string | { plugin: string; options?: Record<string, string> }) =>
    typeof p === 'string' ? { plugin: p, options: {} } : { plugin: p.plugin, options: p.options ?? {} }
  );
  const files = git(['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', 'project.json', '*/project.json'], root)
    .split('\0')
    .filter((f) => f && !f.includes('node_modules/') && existsSync(join(root, f)));
  const result: WorkspaceTargets = new Map();
  for (const file of files) {
    const project = JSON.parse(readFileSync(join(root, file), 'utf8'));
    const targets = new Map<string, { configurations?: string[]; inferredBy?: string }>();
    const projectRoot = join(root, dirname(file));
    const rootFiles = readdirSync(projectRoot);
    for (const { plugin, options } of plugins) {
      const rule = PLUGINS[plugin];
      if (!rule || !rootFiles.some((f) => rule.file.test(f))) continue;
      for (const [option, fallback] of Object.entries(rule.targetOptions)) targets.set(options[option] ?? fallback, { inferredBy: plugin });
    }
    for (const [name, target] of Object.entries<{ configurations?: Record<string, unknown> }>(project.targets ?? {})) {
      targets.set(name, { configurations: target.configurations ? Object.keys(target.configurations) : undefined });
    }
    result.set(project.name, targets);
  }
  return result;
}
