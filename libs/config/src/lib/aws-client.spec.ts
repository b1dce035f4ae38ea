import { awsEndpointFor, loadAwsClientEnvironment } from './aws-client';
import { problemLines } from './test/fixtures';

describe('loadAwsClientEnvironment', () => {
  it('reads the general and per-service endpoints (SSM included), path style and static keys', () => {
    const aws = loadAwsClientEnvironment({
      AWS_ENDPOINT_URL: 'http://127.0.0.1:4566/',
      AWS_ENDPOINT_URL_SSM: 'http://127.0.0.1:9000',
      AWS_S3_FORCE_PATH_STYLE: 'TRUE',
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_SESSION_TOKEN: 'token',
    });
    expect(aws).toEqual({
      endpoint: 'http://127.0.0.1:4566',
      serviceEndpoints: { SSM: 'http://127.0.0.1:9000' },
      s3ForcePathStyle: true,
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', sessionToken: 'token' },
    });
    expect(awsEndpointFor('SSM', aws)).toBe('http://127.0.0.1:9000');
    expect(awsEndpointFor('EC2', aws)).toBe('http://127.0.0.1:4566');
  });

  it('has no endpoint and no static keys when none are set, or only half of the key pair', () => {
    expect(loadAwsClientEnvironment({ AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE' })).toEqual({ serviceEndpoints: {}, s3ForcePathStyle: false });
    expect(awsEndpointFor('S3', loadAwsClientEnvironment({}))).toBeUndefined();
  });

  it('names every malformed variable, and never quotes a secret', () => {
    expect(
      problemLines(() =>
        loadAwsClientEnvironment({ AWS_ENDPOINT_URL_SSM: 'localhost:9000', AWS_ENDPOINT_URL_EC2: 'https://u:pw-LEAK@x', AWS_S3_FORCE_PATH_STYLE: 'maybe' }),
      ),
    ).toEqual([
      'AWS_ENDPOINT_URL_EC2: expected an absolute http:// or https:// URL without credentials in it',
      'AWS_ENDPOINT_URL_SSM: expected an absolute http:// or https:// URL, got "localhost:9000"',
      'AWS_S3_FORCE_PATH_STYLE: expected true or false, got "maybe"',
    ]);
  });
});
