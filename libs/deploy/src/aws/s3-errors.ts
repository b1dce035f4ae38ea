import { DeployError } from '../log/errors';

/** The HTTP status of an SDK error, when the server answered at all. */
export function httpStatusOf(err: unknown): number | undefined {
  const meta = (err as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata;
  return meta?.httpStatusCode;
}

/** Turns an SDK failure on a bucket into a message that names the bucket and says what to do. */
export function describeS3Failure(err: unknown, bucket: string, region: string): DeployError {
  const status = httpStatusOf(err);
  const name = (err as { name?: string } | undefined)?.name ?? '';
  const detail = err instanceof Error ? err.message : String(err);
  const where = `s3://${bucket} (region ${region})`;
  if (status === 404 || name === 'NotFound' || name === 'NoSuchBucket') {
    return new DeployError(`Bucket ${where} does not exist.`, {
      hint: 'Check <ENV>_WEB_AWS_S3_BUCKET and <ENV>_WEB_AWS_REGION; the sync never creates buckets.',
      cause: err,
    });
  }
  if (status === 403 || name === 'Forbidden' || name === 'AccessDenied') {
    return new DeployError(`Access to bucket ${where} was denied.`, {
      hint: 'Check the AWS credentials allow s3:ListBucket, s3:PutObject and s3:DeleteObject on it.',
      cause: err,
    });
  }
  if (status === 301 || name === 'PermanentRedirect') {
    return new DeployError(`Bucket ${where} is in a different region.`, {
      hint: 'Set <ENV>_WEB_AWS_REGION to the bucket\'s region.',
      cause: err,
    });
  }
  if (status === undefined) {
    return new DeployError(`Bucket ${where} is not reachable: ${detail}`, {
      hint: 'Check the network and AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_S3 if set.',
      cause: err,
    });
  }
  return new DeployError(`Bucket ${where} answered ${status} ${name}: ${detail}`, { cause: err });
}
