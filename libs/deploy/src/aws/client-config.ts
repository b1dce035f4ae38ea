/**
 * Client settings shared by every AWS SDK client we build. The SDK reads
 * AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_<SERVICE> itself in recent versions; we resolve them
 * explicitly as well so the behaviour is the same whatever SDK version is installed, is
 * visible in `--dry-run` output, and is tested.
 */

/** Service ids as the AWS_ENDPOINT_URL_<SERVICE> convention spells them. */
export type AwsServiceId = 'S3' | 'EC2' | 'ELASTIC_LOAD_BALANCING_V2';

export interface AwsClientSettings {
  region: string;
  endpoint?: string;
  /** S3 only: path-style addressing (needed by most S3-compatible servers). */
  forcePathStyle?: boolean;
  maxAttempts: number;
}

export function endpointFor(service: AwsServiceId, env: Record<string, string | undefined> = process.env): string | undefined {
  const specific = env[`AWS_ENDPOINT_URL_${service}`];
  if (specific && specific.trim()) return specific.trim();
  const general = env['AWS_ENDPOINT_URL'];
  return general && general.trim() ? general.trim() : undefined;
}

export function awsClientSettings(
  service: AwsServiceId,
  region: string,
  options: { env?: Record<string, string | undefined>; forcePathStyle?: boolean } = {},
): AwsClientSettings {
  const env = options.env ?? process.env;
  const settings: AwsClientSettings = {
    region,
    // The SDK's standard retry strategy retries throttling and 5xx; a few more attempts
    // than its default 3 ride out a throttled burst during a deploy.
    maxAttempts: 6,
  };
  const endpoint = endpointFor(service, env);
  if (endpoint) settings.endpoint = endpoint;
  if (service === 'S3') {
    const fromEnv = (env['AWS_S3_FORCE_PATH_STYLE'] ?? '').toLowerCase() === 'true';
    if (options.forcePathStyle || fromEnv) settings.forcePathStyle = true;
  }
  return settings;
}
