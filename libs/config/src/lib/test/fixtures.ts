import type { DeployEnvironment, Env } from '../types';

/** A complete, valid set of one environment's API deploy variables. */
export function validApiDeployEnv(environment: DeployEnvironment = 'staging'): Env {
  const p = environment.toUpperCase();
  return {
    [`${p}_API_AWS_AMI`]: 'ami-0123456789abcdef0',
    [`${p}_API_AWS_REGION`]: 'us-east-1',
    [`${p}_API_AWS_SUBNET`]: 'subnet-0123456789abcdef0',
    [`${p}_API_AWS_SECURITY_GROUP`]: 'sg-0123456789abcdef0',
    [`${p}_API_AWS_TARGET_GROUP`]: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/eapd-api/0123456789abcdef',
    [`${p}_API_PORT`]: '8000',
    [`${p}_API_DATABASE_URL`]: 'postgres://eapd:db-password-kiwi@db.internal:5432/eapd',
    [`${p}_API_FILES_S3_BUCKET`]: 'eapd-files',
    [`${p}_API_AWS_INSTANCE_PROFILE`]: `eapd-api-${environment}`,
    [`${p}_API_PBKDF2_ITERATIONS`]: '210000',
    [`${p}_API_SESSION_SECRET`]: 'session-secret-that-is-long-enough-0123456789',
    [`${p}_JWT_SECRET`]: 'jwt-secret-that-is-also-long-enough-0123456789',
  };
}

/** The optional static files-bucket key of one environment (the instance role is preferred). */
export function validFilesKeyEnv(environment: DeployEnvironment = 'staging'): Env {
  const p = environment.toUpperCase();
  return {
    [`${p}_API_AWS_ACCESS_KEY_ID`]: 'AKIAIOSFODNN7EXAMPLE',
    [`${p}_API_AWS_SECRET_ACCESS_KEY`]: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  };
}

export function validOktaEnv(prefix: string): Env {
  return {
    [`${prefix}OKTA_DOMAIN`]: 'example.okta.com',
    [`${prefix}OKTA_SERVER_ID`]: 'default',
    [`${prefix}OKTA_CLIENT_ID`]: '0oa1b2c3d4',
    [`${prefix}OKTA_API_KEY`]: 'okta-api-key-puffin',
  };
}

export function validWebDeployEnv(environment: DeployEnvironment = 'staging'): Env {
  const p = environment.toUpperCase();
  return {
    [`${p}_WEB_AWS_S3_BUCKET`]: 's3://eapd-web',
    [`${p}_WEB_AWS_REGION`]: 'us-east-1',
    [`${p}_WEB_API_URL`]: '/api',
  };
}

export function validPreviewEnv(): Env {
  return {
    PREVIEW_AWS_AMI: 'ami-0123456789abcdef0',
    PREVIEW_AWS_REGION: 'us-east-1',
    PREVIEW_AWS_SUBNET: 'subnet-0123456789abcdef0',
    PREVIEW_AWS_SECURITY_GROUP: 'sg-0123456789abcdef0',
    PREVIEW_API_PBKDF2_ITERATIONS: '100000',
    PREVIEW_AWS_INSTANCE_PROFILE: 'arn:aws:iam::123456789012:instance-profile/eapd-preview',
    GITHUB_TOKEN: 'ghp_distinctiveTokenValue123',
  };
}

/** Runs `load` and returns the ConfigError it throws (fails the test if it does not throw). */
export function configErrorOf(load: () => unknown): Error & { problems: Array<{ variable: string; message: string }> } {
  try {
    load();
  } catch (error) {
    return error as Error & { problems: Array<{ variable: string; message: string }> };
  }
  throw new Error('expected a ConfigError, but the loader returned normally');
}

/** Problems as "VARIABLE: message" lines, for exact assertions. */
export function problemLines(load: () => unknown): string[] {
  return configErrorOf(load).problems.map((p) => `${p.variable}: ${p.message}`);
}
