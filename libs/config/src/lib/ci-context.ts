import { anyValue } from './formats/numbers';
import { EnvReader } from './reader';
import { redactorForEnv } from './redact';
import type { CiContext, Env } from './types';

/**
 * What CircleCI tells a job about itself (`CIRCLE_*`, set by CircleCI in every job). Everything
 * is optional: a deploy run by hand has none of it, and each caller says what it needs when
 * something is missing.
 */
export function loadCiContext(env: Env = process.env): CiContext {
  const reader = new EnvReader(env, redactorForEnv(env));
  const context: CiContext = {};
  const optional: Array<[keyof CiContext, string]> = [
    ['sha1', 'CIRCLE_SHA1'],
    ['tag', 'CIRCLE_TAG'],
    ['username', 'CIRCLE_USERNAME'],
    ['projectUsername', 'CIRCLE_PROJECT_USERNAME'],
    ['projectReponame', 'CIRCLE_PROJECT_REPONAME'],
    ['buildUrl', 'CIRCLE_BUILD_URL'],
    ['job', 'CIRCLE_JOB'],
    ['pullRequest', 'CIRCLE_PULL_REQUEST'],
  ];
  for (const [key, name] of optional) {
    const value = reader.optional(name, anyValue);
    if (value !== undefined) context[key] = value;
  }
  return context;
}
