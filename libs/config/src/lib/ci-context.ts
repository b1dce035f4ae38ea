import { ConfigError } from './config-error';
import { anyValue } from './formats/numbers';
import { httpUrl } from './formats/urls';
import { EnvReader } from './reader';
import { redactorForEnv } from './redact';
import type { CiContext, Env } from './types';

export const DEFAULT_CIRCLECI_API_URL = 'https://circleci.com/api/v2';

/**
 * What CircleCI tells a job about itself (`CIRCLE_*`, set by CircleCI in every job) plus
 * `CIRCLE_TOKEN` and `CIRCLECI_API_URL`. Everything is optional: a deploy run by hand has none
 * of it, and each caller says what it needs when something is missing. Throws ConfigError
 * only for a value that is set but wrong.
 */
export function loadCiContext(env: Env = process.env): CiContext {
  const reader = new EnvReader(env, redactorForEnv(env));
  const read = (name: string) => reader.optional(name, anyValue);
  const apiUrl = reader.optional('CIRCLECI_API_URL', httpUrl) ?? DEFAULT_CIRCLECI_API_URL;
  if (reader.problems.length > 0) throw new ConfigError(reader.problems, 'Invalid CircleCI context');
  const context: CiContext = { apiUrl, projectVcs: read('CIRCLE_PROJECT_VCS') ?? 'gh' };
  const optional: Array<[keyof CiContext, string]> = [
    ['sha1', 'CIRCLE_SHA1'],
    ['workflowId', 'CIRCLE_WORKFLOW_ID'],
    ['projectUsername', 'CIRCLE_PROJECT_USERNAME'],
    ['projectReponame', 'CIRCLE_PROJECT_REPONAME'],
    ['buildUrl', 'CIRCLE_BUILD_URL'],
    ['job', 'CIRCLE_JOB'],
    ['pullRequest', 'CIRCLE_PULL_REQUEST'],
    ['token', 'CIRCLE_TOKEN'],
  ];
  for (const [key, name] of optional) {
    const value = read(name);
    if (value !== undefined) (context as unknown as Record<string, string>)[key] = value;
  }
  return context;
}
