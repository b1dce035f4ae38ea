import { hostname, userInfo } from 'node:os';

/** Who runs a deploy, for the history and the lock: the CircleCI user, or the local user. */
export function whoRuns(env: Record<string, string | undefined>): string {
  const circle = env['CIRCLE_USERNAME']?.trim();
  if (circle) return circle;
  try {
    return userInfo().username;
  } catch {
    // No passwd entry in some containers.
    return env['USER']?.trim() || 'unknown';
  }
}

/** Where it runs: the CircleCI job's URL, or this host and process. */
export function whereRuns(env: Record<string, string | undefined>): string {
  const job = env['CIRCLE_BUILD_URL']?.trim();
  return job ? job : `${hostname()} pid ${process.pid}`;
}
