import { ConfigError } from './config-error';
import { amiId, awsRegion, instanceProfile, securityGroupId, subnetId } from './formats/aws-ids';
import { PRODUCTION_MIN_PBKDF2_ITERATIONS, anyValue, pbkdf2Iterations } from './formats/numbers';
import { httpUrl } from './formats/urls';
import { readKmsKey } from './instance-access';
import { readOkta } from './okta';
import { parameterPath } from './parameter-store';
import { EnvReader } from './reader';
import { redactorForEnv } from './redact';
import type { Env, InstanceProfileRef, PreviewDeployConfig } from './types';

export const DEFAULT_GITHUB_API_URL = 'https://api.github.com';

/**
 * `PREVIEW_*`, `GITHUB_TOKEN`, `GITHUB_API_URL`. Throws ConfigError listing every problem.
 * `instanceEnvironment` (the Okta API key among it) goes to Parameter Store, never user data.
 */
export function loadPreviewDeployConfig(env: Env = process.env): PreviewDeployConfig {
  const reader = new EnvReader(env, redactorForEnv(env));
  const ami = reader.required('PREVIEW_AWS_AMI', amiId);
  const region = reader.required('PREVIEW_AWS_REGION', awsRegion);
  const subnet = reader.required('PREVIEW_AWS_SUBNET', subnetId);
  const securityGroup = reader.required('PREVIEW_AWS_SECURITY_GROUP', securityGroupId);
  const iterations = reader.required('PREVIEW_API_PBKDF2_ITERATIONS', pbkdf2Iterations(PRODUCTION_MIN_PBKDF2_ITERATIONS));
  const okta = readOkta(reader, 'PREVIEW_');
  const profile = reader.required('PREVIEW_AWS_INSTANCE_PROFILE', instanceProfile);
  const kmsKeyId = readKmsKey(reader, 'PREVIEW_AWS_KMS_KEY', { name: 'PREVIEW_AWS_REGION', value: region });
  const token = reader.required('GITHUB_TOKEN', anyValue);
  const apiUrl = reader.optional('GITHUB_API_URL', httpUrl) ?? DEFAULT_GITHUB_API_URL;
  if (reader.problems.length > 0) {
    throw new ConfigError(reader.problems, 'Invalid preview deploy configuration');
  }
  return {
    environment: 'preview',
    ami: ami as string,
    region: region as string,
    subnet: subnet as string,
    securityGroup: securityGroup as string,
    pbkdf2Iterations: iterations as number,
    ...(okta ? { okta } : {}),
    instanceProfile: profile as InstanceProfileRef,
    parameters: { path: parameterPath('preview'), ...(kmsKeyId ? { kmsKeyId } : {}) },
    instanceEnvironment: {
      PBKDF2_ITERATIONS: String(iterations),
      ...(okta
        ? { OKTA_DOMAIN: okta.domain, OKTA_SERVER_ID: okta.serverId, OKTA_CLIENT_ID: okta.clientId, OKTA_API_KEY: okta.apiKey, OKTA_AUDIENCE: okta.audience }
        : {}),
    },
    github: { token: token as string, apiUrl },
  };
}
