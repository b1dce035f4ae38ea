import type { ApiDeployConfig } from '@eapd/config';

/** The test secret plus a few more things shells like to interpret. */
export const NASTY_SECRET = `'"$\`|&;*\nsecond line \\ ${'$'}(id) %s`;

/** A staging deploy config for tests: loopback-free placeholders, nasty secrets. */
export function testDeployConfig(overrides: Partial<ApiDeployConfig['instanceEnvironment']> = {}, port = 8000): ApiDeployConfig {
  return {
    environment: 'staging', ami: 'ami-0123456789abcdef0', region: 'us-east-1', subnet: 'subnet-1', securityGroup: 'sg-1',
    targetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/api/abc', port,
    instanceProfile: { name: 'eapd-api-staging' }, parameters: { path: '/eapd/staging' },
    instanceEnvironment: {
      PORT: String(port), DATABASE_URL: 'postgres://api:p%40ss@db.internal:5432/api', FILES_S3_BUCKET: 'files',
      AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', PBKDF2_ITERATIONS: '600000',
      SESSION_SECRET: NASTY_SECRET, JWT_SECRET: `jwt ${NASTY_SECRET}`, NODE_ENV: 'production', ...overrides,
    },
  };
}
