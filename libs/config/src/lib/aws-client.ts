import { ConfigError } from './config-error';
import { anyValue, booleanFlag } from './formats/numbers';
import { httpUrl } from './formats/urls';
import { EnvReader } from './reader';
import { redactorForEnv } from './redact';
import type { Env } from './types';

/** The services we call, as the AWS_ENDPOINT_URL_<SERVICE> convention spells them. */
export const AWS_SERVICE_IDS = ['S3', 'EC2', 'ELASTIC_LOAD_BALANCING_V2', 'SSM'] as const;
export type AwsServiceId = (typeof AWS_SERVICE_IDS)[number];

export interface AwsStaticCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** How the deploy tools' AWS clients are built from the environment (`loadAwsClientEnvironment`). */
export interface AwsClientEnvironment {
  /** AWS_ENDPOINT_URL: every service's endpoint (tests against local servers). */
  endpoint?: string;
  /** AWS_ENDPOINT_URL_<SERVICE>: wins over `endpoint` for that service. */
  serviceEndpoints: Partial<Record<AwsServiceId, string>>;
  /** AWS_S3_FORCE_PATH_STYLE */
  s3ForcePathStyle: boolean;
  /**
   * AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN) when both are set: the
   * first step of the SDK's default chain, read from the env we were handed. Unset: the SDK's
   * chain goes on (profile, SSO, container or instance role).
   */
  credentials?: AwsStaticCredentials;
}

/** Reads AWS_ENDPOINT_URL[_<SERVICE>], AWS_S3_FORCE_PATH_STYLE and static keys. Throws ConfigError. */
export function loadAwsClientEnvironment(env: Env = process.env): AwsClientEnvironment {
  const reader = new EnvReader(env, redactorForEnv(env));
  const endpoint = reader.optional('AWS_ENDPOINT_URL', httpUrl);
  const serviceEndpoints: Partial<Record<AwsServiceId, string>> = {};
  for (const service of AWS_SERVICE_IDS) {
    const url = reader.optional(`AWS_ENDPOINT_URL_${service}`, httpUrl);
    if (url !== undefined) serviceEndpoints[service] = url;
  }
  const s3ForcePathStyle = reader.optional('AWS_S3_FORCE_PATH_STYLE', booleanFlag) ?? false;
  const accessKeyId = reader.optional('AWS_ACCESS_KEY_ID', anyValue);
  const secretAccessKey = reader.optional('AWS_SECRET_ACCESS_KEY', anyValue);
  const sessionToken = reader.optional('AWS_SESSION_TOKEN', anyValue);
  if (reader.problems.length > 0) throw new ConfigError(reader.problems, 'Invalid AWS client settings');
  return {
    ...(endpoint !== undefined ? { endpoint } : {}),
    serviceEndpoints,
    s3ForcePathStyle,
    ...(accessKeyId && secretAccessKey
      ? { credentials: { accessKeyId: accessKeyId.trim(), secretAccessKey, ...(sessionToken ? { sessionToken } : {}) } }
      : {}),
  };
}

/** The endpoint one service's client talks to: its own variable first, then AWS_ENDPOINT_URL. */
export function awsEndpointFor(service: AwsServiceId, aws: AwsClientEnvironment): string | undefined {
  return aws.serviceEndpoints[service] ?? aws.endpoint;
}
