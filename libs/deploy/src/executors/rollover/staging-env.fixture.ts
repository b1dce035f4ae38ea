/** Test-only: a complete, valid set of STAGING_* variables (fake values). */
export const STAGING_ENV: Record<string, string> = {
  STAGING_API_AWS_AMI: 'ami-0123456789abcdef0',
  STAGING_API_AWS_REGION: 'us-east-1',
  STAGING_API_AWS_SUBNET: 'subnet-0123456789abcdef0',
  STAGING_API_AWS_SECURITY_GROUP: 'sg-0123456789abcdef0',
  STAGING_API_AWS_TARGET_GROUP: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/api-staging/0123456789abcdef',
  STAGING_API_PORT: '8080',
  STAGING_API_DATABASE_URL: 'postgres://api:pw@db.internal:5432/eapd',
  STAGING_API_FILES_S3_BUCKET: 'eapd-staging-files',
  STAGING_API_AWS_INSTANCE_PROFILE: 'eapd-api-staging',
  STAGING_API_AWS_ACCESS_KEY_ID: 'AKIAABCDEFGHIJKLMNOP',
  STAGING_API_AWS_SECRET_ACCESS_KEY: 'files-secret-access-key',
  STAGING_API_PBKDF2_ITERATIONS: '310000',
  STAGING_API_SESSION_SECRET: 'session-secret-session-secret-session-secret',
  STAGING_JWT_SECRET: 'jwt-secret-jwt-secret-jwt-secret-jwt-secret',
};
