import { loadReleasesConfig, releasesConfigured } from './releases';
import { problemLines } from './test/fixtures';

describe('loadReleasesConfig', () => {
  it('reads the bucket, its key prefix and region', () => {
    expect(loadReleasesConfig({ RELEASES_AWS_S3_BUCKET: 's3://eapd-releases', RELEASES_AWS_REGION: 'us-east-1' })).toEqual({
      bucket: 'eapd-releases',
      prefix: '',
      region: 'us-east-1',
    });
    expect(loadReleasesConfig({ RELEASES_AWS_S3_BUCKET: 's3://eapd-releases/eapd/', RELEASES_AWS_REGION: 'us-gov-west-1' })).toMatchObject({
      prefix: 'eapd/',
    });
  });

  it('names every missing or malformed variable', () => {
    expect(problemLines(() => loadReleasesConfig({}))).toEqual([
      expect.stringMatching(/^RELEASES_AWS_S3_BUCKET: is not set \(S3 URL of the releases bucket/),
      'RELEASES_AWS_REGION: is not set (AWS region of the releases bucket)',
    ]);
    const lines = problemLines(() => loadReleasesConfig({ RELEASES_AWS_S3_BUCKET: 'eapd-releases', RELEASES_AWS_REGION: 'moon-1' }));
    expect(lines[0]).toMatch(/^RELEASES_AWS_S3_BUCKET: expected an S3 URL like "s3:\/\/my-bucket"/);
    expect(lines[1]).toMatch(/^RELEASES_AWS_REGION: /);
  });

  it('tells whether the bucket is configured at all', () => {
    expect(releasesConfigured({})).toBe(false);
    expect(releasesConfigured({ RELEASES_AWS_S3_BUCKET: '  ' })).toBe(false);
    expect(releasesConfigured({ RELEASES_AWS_REGION: 'us-east-1' })).toBe(true);
  });
});
