import { isInvalid } from '../reader';
import { bareBucketName, bucketNameProblem, s3Url } from './s3-bucket';

describe('bucketNameProblem (S3 bucket naming rules)', () => {
  it.each(['abc', 'my-bucket', 'my.bucket.example', 'a1b2c3', 'x'.repeat(63)])('accepts %s', (name) =>
    expect(bucketNameProblem(name)).toBeUndefined(),
  );

  it.each([
    ['ab', 'is 2 characters'],
    ['x'.repeat(64), 'is 64 characters'],
    ['My-Bucket', 'lowercase letters'],
    ['my_bucket', 'lowercase letters'],
    ['-bucket', 'begin and end'],
    ['bucket-', 'begin and end'],
    ['.bucket', 'begin and end'],
    ['my..bucket', 'two adjacent dots'],
    ['192.168.5.4', 'IP address'],
    ['xn--bucket', '"xn--"'],
    ['sthree-bucket', '"sthree-"'],
    ['amzn-s3-demo-bucket', '"amzn-s3-demo-"'],
    ['bucket-s3alias', '"-s3alias"'],
    ['bucket--ol-s3', '"--ol-s3"'],
    ['bucket.mrap', '".mrap"'],
    ['bucket--x-s3', '"--x-s3"'],
    ['bucket--table-s3', '"--table-s3"'],
  ])('refuses %s', (name, reason) => expect(bucketNameProblem(name)).toContain(reason));
});

describe('bareBucketName (the API files bucket)', () => {
  it('accepts a bare name', () => expect(bareBucketName('eapd-files')).toBe('eapd-files'));

  it('says a bare name is expected when given an s3:// URL, and which name to use', () => {
    expect(bareBucketName('s3://eapd-files')).toEqual({
      invalid: true,
      message: 'expected a bare bucket name like "my-bucket"',
      got: 'an s3:// URL',
      hint: 'set it to just "eapd-files"',
      showValue: true,
    });
  });

  it('names other wrong forms', () => {
    expect(bareBucketName('arn:aws:s3:::eapd-files')).toMatchObject({ got: 'an ARN' });
    expect(bareBucketName('https://eapd-files.s3.amazonaws.com')).toMatchObject({ got: 'an http(s) URL' });
    expect(bareBucketName('eapd-files/uploads')).toMatchObject({ message: expect.stringContaining('no "/"') });
  });

  it('applies the naming rules', () => {
    expect(bareBucketName('Eapd_Files')).toMatchObject({ invalid: true, message: expect.stringContaining('lowercase') });
  });
});

describe('s3Url (the web bucket)', () => {
  it.each([
    ['s3://eapd-web', { bucket: 'eapd-web', prefix: '' }],
    ['s3://eapd-web/', { bucket: 'eapd-web', prefix: '' }],
    ['s3://eapd-web/site', { bucket: 'eapd-web', prefix: 'site/' }],
    ['s3://eapd-web/site/v2/', { bucket: 'eapd-web', prefix: 'site/v2/' }],
  ])('parses %s', (raw, expected) => expect(s3Url(raw)).toEqual(expected));

  it('says an s3:// URL is expected when given a bare name, and what to set', () => {
    expect(s3Url('eapd-web')).toMatchObject({
      message: 'expected an S3 URL like "s3://my-bucket" or "s3://my-bucket/prefix"',
      got: 'a bare bucket name',
      hint: 'set it to "s3://eapd-web"',
    });
  });

  it.each([
    ['https://eapd-web.s3.amazonaws.com', 'an http(s) URL'],
    ['arn:aws:s3:::eapd-web', 'an ARN'],
  ])('names the wrong form of %s', (raw, got) => expect(s3Url(raw)).toMatchObject({ got }));

  it.each(['s3://', 's3:///site', 's3://Bad_Bucket', 's3://eapd-web/a//b', 'eapd web'])('refuses %s', (raw) =>
    expect(isInvalid(s3Url(raw))).toBe(true),
  );
});
