import { DEVELOPMENT_PBKDF2_ITERATIONS, loadApiRuntimeConfig } from './api-runtime';
import { ConfigError } from './config-error';
import { configErrorOf, problemLines, validOktaEnv } from './test/fixtures';

const STRONG_SECRET = 'a-production-session-secret-of-48-bytes-00000000';
const productionEnv = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://eapd:pw-walrus@db.internal:5432/eapd',
  PBKDF2_ITERATIONS: '210000',
  SESSION_SECRET: STRONG_SECRET,
  FILES_S3_BUCKET: 'eapd-files',
};

describe('loadApiRuntimeConfig in development (defaults)', () => {
  const config = loadApiRuntimeConfig({});

  it('uses the documented defaults', () => {
    expect(config).toMatchObject({
      nodeEnv: 'development',
      port: 8000,
      filesDirectory: '.data/files',
      awsRegion: 'us-east-1',
      pbkdf2Iterations: DEVELOPMENT_PBKDF2_ITERATIONS,
      sessionTtlSeconds: 28800,
      logLevel: 'info',
      trustProxy: false,
      lockout: { maxFailedAttempts: 5, windowSeconds: 900, lockSeconds: 900 },
      shutdownTimeoutMs: 10000,
      databaseStatementTimeoutMs: 5000,
      pbkdf2QueueLimit: 32,
      s3ForcePathStyle: false,
    });
    expect(config.pbkdf2Concurrency).toBeUndefined();
    expect(config.databaseUrl).toBeUndefined();
    expect(config.filesS3Bucket).toBeUndefined();
    expect(config.okta).toBeUndefined();
    expect(config.s3EndpointUrl).toBeUndefined();
  });

  it('generates a random session secret of at least 32 bytes, different each time', () => {
    expect(Buffer.byteLength(config.sessionSecret)).toBeGreaterThanOrEqual(32);
    expect(loadApiRuntimeConfig({}).sessionSecret).not.toBe(config.sessionSecret);
  });

  it('says what it generated, without the secret', () => {
    expect(config.notices).toEqual([
      'PBKDF2_ITERATIONS not set: using 1000 for speed (development only; production requires at least 100,000)',
      'SESSION_SECRET not set: generated a random one for this process (sessions end when it restarts)',
    ]);
    expect(config.notices.join('\n')).not.toContain(config.sessionSecret);
  });

  it('is silent by default under NODE_ENV=test, and allows port 0 (any free port)', () => {
    expect(loadApiRuntimeConfig({ NODE_ENV: 'test', PORT: '0' })).toMatchObject({ nodeEnv: 'test', logLevel: 'silent', port: 0 });
  });

  it('accepts a weak session secret or low iteration count outside production, with a notice that names no value', () => {
    const dev = loadApiRuntimeConfig({ SESSION_SECRET: 'short-dev-secret', PBKDF2_ITERATIONS: '500' });
    expect(dev.sessionSecret).toBe('short-dev-secret');
    expect(dev.pbkdf2Iterations).toBe(500);
    expect(dev.notices).toEqual([
      'PBKDF2_ITERATIONS is 500: fine for development, but production requires at least 100,000',
      'SESSION_SECRET is 16 bytes; needs at least 32 in production; accepted in development',
    ]);
  });
});

describe('loadApiRuntimeConfig reads every variable', () => {
  it('parses each one', () => {
    const config = loadApiRuntimeConfig({
      ...productionEnv,
      ...validOktaEnv(''),
      OKTA_AUDIENCE: 'api://eapd',
      PORT: '3000',
      FILES_DIR: '/var/lib/eapd/files',
      AWS_REGION: 'us-gov-west-1',
      LOG_LEVEL: 'warn',
      TRUST_PROXY: '1',
      LOGIN_MAX_FAILED_ATTEMPTS: '3',
      LOGIN_FAILURE_WINDOW_SECONDS: '60',
      LOGIN_LOCK_SECONDS: '120',
      SESSION_TTL_SECONDS: '3600',
      SHUTDOWN_TIMEOUT_MS: '2500',
      DATABASE_STATEMENT_TIMEOUT_MS: '1500',
      PBKDF2_CONCURRENCY: '2',
      PBKDF2_QUEUE_LIMIT: '0',
      AWS_S3_FORCE_PATH_STYLE: 'true',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:4569',
    });
    expect(config).toEqual({
      nodeEnv: 'production',
      port: 3000,
      databaseUrl: productionEnv.DATABASE_URL,
      filesS3Bucket: 'eapd-files',
      filesDirectory: '/var/lib/eapd/files',
      awsRegion: 'us-gov-west-1',
      pbkdf2Iterations: 210000,
      sessionSecret: STRONG_SECRET,
      sessionTtlSeconds: 3600,
      okta: {
        domain: 'https://example.okta.com',
        serverId: 'default',
        clientId: '0oa1b2c3d4',
        apiKey: 'okta-api-key-puffin',
        issuer: 'https://example.okta.com/oauth2/default',
        audience: 'api://eapd',
      },
      logLevel: 'warn',
      trustProxy: 1,
      lockout: { maxFailedAttempts: 3, windowSeconds: 60, lockSeconds: 120 },
      shutdownTimeoutMs: 2500,
      databaseStatementTimeoutMs: 1500,
      pbkdf2Concurrency: 2,
      pbkdf2QueueLimit: 0,
      s3ForcePathStyle: true,
      s3EndpointUrl: 'http://127.0.0.1:4569',
      notices: [],
    });
  });

  it('prefers AWS_ENDPOINT_URL_S3 over AWS_ENDPOINT_URL', () => {
    const config = loadApiRuntimeConfig({ AWS_ENDPOINT_URL: 'http://127.0.0.1:1', AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:2' });
    expect(config.s3EndpointUrl).toBe('http://127.0.0.1:2');
  });

  it('defaults the Okta audience to api://default', () => {
    expect(loadApiRuntimeConfig(validOktaEnv('')).okta?.audience).toBe('api://default');
  });
});

describe('loadApiRuntimeConfig in production', () => {
  it('accepts a complete, strong configuration without notices', () => {
    expect(loadApiRuntimeConfig(productionEnv).notices).toEqual([]);
  });

  it('requires DATABASE_URL, PBKDF2_ITERATIONS and SESSION_SECRET, all reported at once', () => {
    const error = configErrorOf(() => loadApiRuntimeConfig({ NODE_ENV: 'production' }));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toMatch(/^Invalid API configuration \(NODE_ENV=production\) \(3 problems\):\n/);
    expect(error.problems.map((p) => p.variable)).toEqual(['DATABASE_URL', 'PBKDF2_ITERATIONS', 'SESSION_SECRET']);
    expect(error.problems.every((p) => p.message.startsWith('is not set (required when NODE_ENV=production'))).toBe(true);
  });

  it('refuses a session secret under 32 bytes, giving its length only', () => {
    expect(problemLines(() => loadApiRuntimeConfig({ ...productionEnv, SESSION_SECRET: 'x'.repeat(31) }))).toEqual([
      'SESSION_SECRET: is 31 bytes; needs at least 32 (e.g. "openssl rand -base64 48")',
    ]);
  });

  it('refuses fewer than 100,000 PBKDF2 iterations', () => {
    expect(problemLines(() => loadApiRuntimeConfig({ ...productionEnv, PBKDF2_ITERATIONS: '99999' }))).toEqual([
      'PBKDF2_ITERATIONS: is 99999; needs at least 100,000 (calibrate with "npx nx run api:calibrate-pbkdf2")',
    ]);
  });

  it('refuses port 0', () => {
    expect(problemLines(() => loadApiRuntimeConfig({ ...productionEnv, PORT: '0' }))).toEqual([
      'PORT: expected a TCP port (from 1 to 65535), got "0"',
    ]);
  });

  it('notes that files stay on local disk when FILES_S3_BUCKET is unset', () => {
    const withoutBucket = { ...productionEnv, FILES_S3_BUCKET: undefined };
    expect(loadApiRuntimeConfig(withoutBucket).notices).toEqual(['FILES_S3_BUCKET not set: files are stored on local disk under .data/files']);
  });
});

describe('loadApiRuntimeConfig format errors', () => {
  it('reports every bad value in one error', () => {
    expect(
      problemLines(() =>
        loadApiRuntimeConfig({
          NODE_ENV: 'staging',
          PORT: '80a',
          DATABASE_URL: 'mysql://u:p@h/d',
          FILES_S3_BUCKET: 's3://eapd-files',
          AWS_REGION: 'virginia',
          PBKDF2_ITERATIONS: 'many',
          LOG_LEVEL: 'loud',
          TRUST_PROXY: 'everyone',
          SESSION_TTL_SECONDS: '0',
          LOGIN_MAX_FAILED_ATTEMPTS: 'x',
          LOGIN_FAILURE_WINDOW_SECONDS: '-5',
          LOGIN_LOCK_SECONDS: '1.5',
          SHUTDOWN_TIMEOUT_MS: 'soon',
          DATABASE_STATEMENT_TIMEOUT_MS: '50',
          PBKDF2_CONCURRENCY: '0',
          PBKDF2_QUEUE_LIMIT: 'lots',
          AWS_S3_FORCE_PATH_STYLE: 'sometimes',
          AWS_ENDPOINT_URL: 'localhost:4569',
        }),
      ),
    ).toEqual([
      'NODE_ENV: expected one of "production", "development", "test", got "staging"',
      'PORT: expected a TCP port (from 0 to 65535), got "80a"',
      'DATABASE_URL: expected a PostgreSQL URL like "postgres://user:password@host:5432/database", got a mysql: URL',
      'FILES_S3_BUCKET: expected a bare bucket name like "my-bucket", got an s3:// URL (set it to just "eapd-files")',
      'AWS_REGION: expected an AWS region name like "us-east-1", got "virginia"',
      'PBKDF2_ITERATIONS: expected an iteration count (from 1 to 2147483647), got "many"',
      'LOG_LEVEL: expected one of "fatal", "error", "warn", "info", "debug", "trace", "silent", got "loud"',
      'TRUST_PROXY: expected true, false, a hop count, or a comma-separated list of addresses, subnets or "loopback", got "everyone"',
      'SESSION_TTL_SECONDS: expected a number of seconds (at least 1), got "0"',
      'LOGIN_MAX_FAILED_ATTEMPTS: expected a number of attempts (at least 1), got "x"',
      'LOGIN_FAILURE_WINDOW_SECONDS: expected a number of seconds (at least 1), got "-5"',
      'LOGIN_LOCK_SECONDS: expected a number of seconds (at least 1), got "1.5"',
      'SHUTDOWN_TIMEOUT_MS: expected a number of milliseconds (at least 1), got "soon"',
      'DATABASE_STATEMENT_TIMEOUT_MS: expected a number of milliseconds (from 100 to 600000), got "50"',
      'PBKDF2_CONCURRENCY: expected a number of logins (from 1 to 64), got "0"',
      'PBKDF2_QUEUE_LIMIT: expected a number of logins (from 0 to 10000), got "lots"',
      'AWS_S3_FORCE_PATH_STYLE: expected true or false, got "sometimes"',
      'AWS_ENDPOINT_URL: expected an absolute http:// or https:// URL, got "localhost:4569"',
    ]);
  });

  it('does not claim a mode when NODE_ENV itself is wrong', () => {
    expect(configErrorOf(() => loadApiRuntimeConfig({ NODE_ENV: 'prod' })).message).toBe(
      'Invalid API configuration (1 problem):\n  NODE_ENV: expected one of "production", "development", "test", got "prod"',
    );
  });

  it('never repeats a DATABASE_URL, even a malformed one', () => {
    const error = configErrorOf(() => loadApiRuntimeConfig({ DATABASE_URL: 'postgres//eapd:pw-osprey@db/eapd' }));
    expect(error.message).toContain('DATABASE_URL: expected a PostgreSQL URL');
    expect(error.message).not.toContain('pw-osprey');
  });
});

describe('loadApiRuntimeConfig Okta (all four or none)', () => {
  it.each(['OKTA_DOMAIN', 'OKTA_SERVER_ID', 'OKTA_CLIENT_ID', 'OKTA_API_KEY'])('names %s when only it is missing', (missing) => {
    const env = { ...validOktaEnv('') };
    delete env[missing];
    expect(problemLines(() => loadApiRuntimeConfig(env))).toEqual([
      expect.stringMatching(new RegExp(`^${missing}: is not set, but .* are: set all four Okta variables or none$`)),
    ]);
  });

  it('refuses OKTA_AUDIENCE without the rest', () => {
    expect(problemLines(() => loadApiRuntimeConfig({ OKTA_AUDIENCE: 'api://eapd' }))).toEqual([
      'OKTA_AUDIENCE: is set but Okta is not configured: set OKTA_DOMAIN, OKTA_SERVER_ID, OKTA_CLIENT_ID, OKTA_API_KEY too, or unset it',
    ]);
  });

  it('checks the Okta domain format', () => {
    expect(problemLines(() => loadApiRuntimeConfig({ ...validOktaEnv(''), OKTA_DOMAIN: 'http://example.okta.com' }))).toEqual([
      'OKTA_DOMAIN: expected an Okta domain like "example.okta.com" or "https://example.okta.com", got "http://example.okta.com"',
    ]);
  });
});
