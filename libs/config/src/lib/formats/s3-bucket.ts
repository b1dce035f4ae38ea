import { invalid, type Invalid, type Parser } from '../reader';

export interface S3Location {
  bucket: string;
  /** No leading slash; a trailing slash when non-empty; "" for the bucket root. */
  prefix: string;
}

/**
 * The general-purpose bucket naming rules
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html).
 * Returns why the name is not valid, or undefined when it is.
 */
export function bucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return `is ${name.length} characters; bucket names have 3 to 63`;
  if (!/^[a-z0-9.-]+$/.test(name)) return 'may contain only lowercase letters, digits, dots and hyphens';
  if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name)) return 'must begin and end with a letter or digit';
  if (name.includes('..')) return 'must not contain two adjacent dots';
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) return 'must not look like an IP address';
  for (const prefix of ['xn--', 'sthree-', 'amzn-s3-demo-']) {
    if (name.startsWith(prefix)) return `must not begin with "${prefix}"`;
  }
  for (const suffix of ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3']) {
    if (name.endsWith(suffix)) return `must not end with "${suffix}"`;
  }
  return undefined;
}

function invalidName(name: string, problem: string): Invalid {
  return invalid(`bucket name "${name}" ${problem}`, { showValue: false });
}

/** What a value looks like when it is not the expected form, for "got …" in messages. */
function describeForm(raw: string): string | undefined {
  if (/^s3:\/\//i.test(raw)) return 'an s3:// URL';
  if (/^arn:/i.test(raw)) return 'an ARN';
  if (/^https?:\/\//i.test(raw)) return 'an http(s) URL';
  return undefined;
}

/** A bare bucket name, e.g. the API's files bucket ("my-bucket", not "s3://my-bucket"). */
export const bareBucketName: Parser<string> = (raw) => {
  const form = describeForm(raw);
  if (form) {
    const bucket = /^s3:\/\/([^/]+)/i.exec(raw)?.[1];
    const hint = bucket && !bucketNameProblem(bucket) ? `set it to just "${bucket}"` : undefined;
    return invalid('expected a bare bucket name like "my-bucket"', { got: form, hint });
  }
  if (raw.includes('/')) return invalid('expected a bare bucket name like "my-bucket" (no "/")');
  const problem = bucketNameProblem(raw);
  return problem ? invalidName(raw, problem) : raw;
};

/** `s3://bucket[/prefix]`, e.g. the web bucket. */
export const s3Url: Parser<S3Location> = (raw) => {
  const expected = 'expected an S3 URL like "s3://my-bucket" or "s3://my-bucket/prefix"';
  const match = /^s3:\/\/([^/]*)(?:\/(.*))?$/.exec(raw);
  if (!match) {
    const form = describeForm(raw);
    if (form) return invalid(expected, { got: form });
    if (!/[/:\s]/.test(raw) && !bucketNameProblem(raw)) {
      return invalid(expected, { got: 'a bare bucket name', hint: `set it to "s3://${raw}"` });
    }
    return invalid(expected);
  }
  const [, bucket, rest = ''] = match;
  if (bucket === '') return invalid(`${expected}: the bucket name is missing`);
  const problem = bucketNameProblem(bucket);
  if (problem) return invalidName(bucket, problem);
  const prefix = rest.replace(/^\/+|\/+$/g, '');
  if (/\/\/|[\\\s]/.test(prefix)) return invalid('expected a key prefix without "//", backslashes or spaces');
  return { bucket, prefix: prefix ? `${prefix}/` : '' };
};
