/**
 * Client settings shared by every AWS SDK client we build, from libs/config's one reading of
 * AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_<SERVICE>, AWS_S3_FORCE_PATH_STYLE and static keys. The
 * SDK reads the endpoint variables itself in recent versions; resolving them here as well keeps
 * the behaviour the same whatever SDK version is installed, and is tested.
 */
import { awsEndpointFor, loadAwsClientEnvironment, type AwsServiceId, type AwsStaticCredentials } from '@eapd/config';

export type { AwsServiceId };

export interface AwsClientSettings {
  region: string;
  endpoint?: string;
  /** S3 only: path-style addressing (needed by most S3-compatible servers). */
  forcePathStyle?: boolean;
  /** Static keys from the env we were handed; absent: the SDK's default chain (profile, role). */
  credentials?: AwsStaticCredentials;
  maxAttempts: number;
}

export function endpointFor(service: AwsServiceId, env: Record<string, string | undefined> = process.env): string | undefined {
  return awsEndpointFor(service, loadAwsClientEnvironment(env));
}

export function awsClientSettings(
  service: AwsServiceId,
  region: string,
  options: { env?: Record<string, string | undefined>; forcePathStyle?: boolean } = {},
): AwsClientSettings {
  const aws = loadAwsClientEnvironment(options.env ?? process.env);
  const settings: AwsClientSettings = {
    region,
    // The SDK's standard retry strategy retries throttling and 5xx; a few more attempts
    // than its default 3 ride out a throttled burst during a deploy.
    maxAttempts: 6,
  };
  const endpoint = awsEndpointFor(service, aws);
  if (endpoint) settings.endpoint = endpoint;
  if (aws.credentials) settings.credentials = aws.credentials;
  if (service === 'S3' && (options.forcePathStyle || aws.s3ForcePathStyle)) settings.forcePathStyle = true;
  return settings;
}
