import type { ApiRuntimeConfig, Env } from './types';

/**
 * Reads the API process's runtime variables. In production a missing or weak secret is an
 * error; in development and test, safe defaults are generated and reported in `notices`.
 * Throws ConfigError listing every problem.
 */
export function loadApiRuntimeConfig(env: Env = process.env): ApiRuntimeConfig {
  void env;
  throw new Error('loadApiRuntimeConfig: not implemented yet');
}
