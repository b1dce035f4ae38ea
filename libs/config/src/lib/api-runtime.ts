import { randomBytes } from 'node:crypto';
import { ConfigError } from './config-error';
import { awsRegion } from './formats/aws-ids';
import {
  MIN_SECRET_BYTES,
  PRODUCTION_MIN_PBKDF2_ITERATIONS,
  anyValue,
  booleanFlag,
  integer,
  oneOf,
  pbkdf2Iterations,
} from './formats/numbers';
import { bareBucketName } from './formats/s3-bucket';
import { httpUrl, postgresUrl, trustProxy } from './formats/urls';
import { readOkta } from './okta';
import { EnvReader, type Parser } from './reader';
import { redactorForEnv } from './redact';
import type { ApiRuntimeConfig, Env } from './types';
import { describeVariable } from './variables';

/** Fast enough that tests and a laptop do not wait on every login; never used in production. */
export const DEVELOPMENT_PBKDF2_ITERATIONS = 1000;

export const API_RUNTIME_DEFAULTS = {
  port: 8000,
  filesDirectory: '.data/files',
  awsRegion: 'us-east-1',
  sessionTtlSeconds: 8 * 60 * 60,
  maxFailedAttempts: 5,
  windowSeconds: 15 * 60,
  lockSeconds: 15 * 60,
  shutdownTimeoutMs: 10_000,
  databaseStatementTimeoutMs: 5_000,
  pbkdf2QueueLimit: 32,
} as const;

const NODE_ENVS = ['production', 'development', 'test'] as const;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Reads the API process's runtime variables. In production a missing or weak secret is an
 * error; in development and test, safe defaults are generated and reported in `notices`.
 * Throws ConfigError listing every problem.
 */
export function loadApiRuntimeConfig(env: Env = process.env): ApiRuntimeConfig {
  const reader = new EnvReader(env, redactorForEnv(env));
  const notices: string[] = [];
  const nodeEnv = reader.optional('NODE_ENV', oneOf(NODE_ENVS)) ?? 'development';
  const production = nodeEnv === 'production';
  const requiredInProduction = <T>(name: string, parse: Parser<T>) =>
    production
      ? reader.required(name, parse, { description: `required when NODE_ENV=production: ${describeVariable(name)}` })
      : reader.optional(name, parse);

  // Port 0 (any free port) is handy for tests; a deployed API must listen where the load balancer looks.
  const port = reader.optional('PORT', integer(production ? 1 : 0, 65535, 'a TCP port')) ?? API_RUNTIME_DEFAULTS.port;

  const databaseUrl = requiredInProduction('DATABASE_URL', postgresUrl);
  const filesS3Bucket = reader.optional('FILES_S3_BUCKET', bareBucketName);
  const filesDirectory = reader.optional('FILES_DIR', anyValue) ?? API_RUNTIME_DEFAULTS.filesDirectory;
  if (production && !filesS3Bucket && !reader.isSet('FILES_S3_BUCKET')) {
    notices.push(`FILES_S3_BUCKET not set: files are stored on local disk under ${filesDirectory}`);
  }
  const awsRegionValue = reader.optional('AWS_REGION', awsRegion) ?? API_RUNTIME_DEFAULTS.awsRegion;

  let pbkdf2 = requiredInProduction('PBKDF2_ITERATIONS', pbkdf2Iterations(production ? PRODUCTION_MIN_PBKDF2_ITERATIONS : 1));
  if (pbkdf2 === undefined && !production && !reader.isSet('PBKDF2_ITERATIONS')) {
    pbkdf2 = DEVELOPMENT_PBKDF2_ITERATIONS;
    notices.push(
      `PBKDF2_ITERATIONS not set: using ${DEVELOPMENT_PBKDF2_ITERATIONS} for speed (${nodeEnv} only; production requires at least ${PRODUCTION_MIN_PBKDF2_ITERATIONS.toLocaleString('en-US')})`,
    );
  } else if (pbkdf2 !== undefined && !production && pbkdf2 < PRODUCTION_MIN_PBKDF2_ITERATIONS) {
    notices.push(`PBKDF2_ITERATIONS is ${pbkdf2}: fine for ${nodeEnv}, but production requires at least ${PRODUCTION_MIN_PBKDF2_ITERATIONS.toLocaleString('en-US')}`);
  }

  let sessionSecret = reader.raw('SESSION_SECRET');
  const secretBytes = sessionSecret === undefined ? 0 : Buffer.byteLength(sessionSecret, 'utf8');
  if (sessionSecret === undefined) {
    if (production) {
      reader.problem('SESSION_SECRET', 'is not set (required when NODE_ENV=production; generate one with "openssl rand -base64 48")');
    } else {
      sessionSecret = randomBytes(48).toString('base64url');
      notices.push('SESSION_SECRET not set: generated a random one for this process (sessions end when it restarts)');
    }
  } else if (secretBytes < MIN_SECRET_BYTES) {
    const message = `is ${secretBytes} byte${secretBytes === 1 ? '' : 's'}; needs at least ${MIN_SECRET_BYTES}`;
    if (production) reader.problem('SESSION_SECRET', `${message} (e.g. "openssl rand -base64 48")`);
    else notices.push(`SESSION_SECRET ${message} in production; accepted in ${nodeEnv}`);
  }

  const okta = readOkta(reader, '');
  const logLevel = reader.optional('LOG_LEVEL', oneOf(LOG_LEVELS)) ?? (nodeEnv === 'test' ? 'silent' : 'info');
  const trust = reader.optional('TRUST_PROXY', trustProxy) ?? false;
  const positive = (what: string) => integer(1, Number.MAX_SAFE_INTEGER, what);
  const sessionTtlSeconds = reader.optional('SESSION_TTL_SECONDS', positive('a number of seconds')) ?? API_RUNTIME_DEFAULTS.sessionTtlSeconds;
  const maxFailedAttempts = reader.optional('LOGIN_MAX_FAILED_ATTEMPTS', positive('a number of attempts')) ?? API_RUNTIME_DEFAULTS.maxFailedAttempts;
  const windowSeconds = reader.optional('LOGIN_FAILURE_WINDOW_SECONDS', positive('a number of seconds')) ?? API_RUNTIME_DEFAULTS.windowSeconds;
  const lockSeconds = reader.optional('LOGIN_LOCK_SECONDS', positive('a number of seconds')) ?? API_RUNTIME_DEFAULTS.lockSeconds;
  const shutdownTimeoutMs = reader.optional('SHUTDOWN_TIMEOUT_MS', positive('a number of milliseconds')) ?? API_RUNTIME_DEFAULTS.shutdownTimeoutMs;
  const databaseStatementTimeoutMs =
    reader.optional('DATABASE_STATEMENT_TIMEOUT_MS', integer(100, 600_000, 'a number of milliseconds')) ?? API_RUNTIME_DEFAULTS.databaseStatementTimeoutMs;
  const pbkdf2Concurrency = reader.optional('PBKDF2_CONCURRENCY', integer(1, 64, 'a number of logins'));
  const pbkdf2QueueLimit = reader.optional('PBKDF2_QUEUE_LIMIT', integer(0, 10_000, 'a number of logins')) ?? API_RUNTIME_DEFAULTS.pbkdf2QueueLimit;
  const s3ForcePathStyle = reader.optional('AWS_S3_FORCE_PATH_STYLE', booleanFlag) ?? false;
  const s3EndpointUrl = reader.optional('AWS_ENDPOINT_URL_S3', httpUrl) ?? reader.optional('AWS_ENDPOINT_URL', httpUrl);

  if (reader.problems.length > 0) {
    // Name the mode the rules were applied in, unless NODE_ENV itself is what is wrong.
    const nodeEnvValid = !reader.problems.some((p) => p.variable === 'NODE_ENV');
    throw new ConfigError(reader.problems, nodeEnvValid ? `Invalid API configuration (NODE_ENV=${nodeEnv})` : 'Invalid API configuration');
  }
  return {
    nodeEnv,
    port,
    ...(databaseUrl === undefined ? {} : { databaseUrl }),
    ...(filesS3Bucket === undefined ? {} : { filesS3Bucket }),
    filesDirectory,
    awsRegion: awsRegionValue,
    pbkdf2Iterations: pbkdf2 as number,
    sessionSecret: sessionSecret as string,
    sessionTtlSeconds,
    ...(okta ? { okta } : {}),
    logLevel,
    trustProxy: trust,
    lockout: { maxFailedAttempts, windowSeconds, lockSeconds },
    shutdownTimeoutMs,
    databaseStatementTimeoutMs,
    ...(pbkdf2Concurrency === undefined ? {} : { pbkdf2Concurrency }),
    pbkdf2QueueLimit,
    s3ForcePathStyle,
    ...(s3EndpointUrl === undefined ? {} : { s3EndpointUrl }),
    notices,
  };
}
