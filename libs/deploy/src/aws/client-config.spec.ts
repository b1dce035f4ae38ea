import { awsClientSettings, endpointFor } from './client-config';

describe('awsClientSettings', () => {
  it('sends SSM to AWS_ENDPOINT_URL_SSM like the other services, the specific variable first', () => {
    const env = { AWS_ENDPOINT_URL: 'http://127.0.0.1:1', AWS_ENDPOINT_URL_SSM: 'http://127.0.0.1:2' };
    expect(endpointFor('SSM', env)).toBe('http://127.0.0.1:2');
    expect(endpointFor('EC2', env)).toBe('http://127.0.0.1:1');
    expect(awsClientSettings('SSM', 'eu-west-1', { env })).toEqual({ region: 'eu-west-1', endpoint: 'http://127.0.0.1:2', maxAttempts: 6 });
  });

  it('passes static keys from the env it is handed, and path style for S3 only', () => {
    const env = { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 's', AWS_S3_FORCE_PATH_STYLE: 'true' };
    expect(awsClientSettings('S3', 'us-east-1', { env })).toMatchObject({ forcePathStyle: true, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 's' } });
    expect(awsClientSettings('EC2', 'us-east-1', { env })).not.toHaveProperty('forcePathStyle');
    expect(awsClientSettings('S3', 'us-east-1', { env: {}, forcePathStyle: true }).forcePathStyle).toBe(true);
  });

  it('refuses a malformed endpoint before any client is built', () => {
    expect(() => awsClientSettings('SSM', 'us-east-1', { env: { AWS_ENDPOINT_URL_SSM: 'ssm.local' } })).toThrow(/AWS_ENDPOINT_URL_SSM: expected an absolute http/);
  });
});
