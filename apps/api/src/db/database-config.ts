import { loadApiRuntimeConfig, type Env } from '@eapd/config';

/**
 * migrate.js and seed.js need only DATABASE_URL. Loading the full runtime config in
 * production would demand SESSION_SECRET, PBKDF2_ITERATIONS, ... that have nothing to do with
 * migrating, so we validate DATABASE_URL through the same loader with nothing else set.
 * Throws ConfigError (with the loader's message) when it is malformed.
 */
export function databaseUrlFrom(env: Env): string | undefined {
  return loadApiRuntimeConfig({ DATABASE_URL: env['DATABASE_URL'], NODE_ENV: 'development', LOG_LEVEL: 'silent' }).databaseUrl;
}
