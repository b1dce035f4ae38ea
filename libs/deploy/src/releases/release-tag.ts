import { spawnSync } from 'node:child_process';

/**
 * The git tag of a release, for the history: CircleCI's CIRCLE_TAG on a tag build of that
 * commit, else a tag pointing at it in the local repository (a v* tag first), else none.
 */
export function releaseTag(release: string, env: Record<string, string | undefined>, root: string): string | undefined {
  if (env['CIRCLE_TAG'] && env['CIRCLE_SHA1'] === release) return env['CIRCLE_TAG'];
  const result = spawnSync('git', ['tag', '--points-at', release], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 });
  if (result.status !== 0) return undefined;
  const tags = result.stdout.split('\n').map((t) => t.trim()).filter(Boolean).sort();
  return tags.find((t) => /^v\d/.test(t)) ?? tags[0];
}
