import { ConfigError } from './config-error';
import { amiId, awsRegion, securityGroupId, subnetId } from './formats/aws-ids';
import { PRODUCTION_MIN_PBKDF2_ITERATIONS, anyValue, pbkdf2Iterations } from './formats/numbers';
import { httpUrl } from './formats/urls';
import { readOkta } from './okta';
import { EnvReader } from './reader';
import { redactorForEnv } from './redact';
import type { Env, PreviewDeployConfig } from './types';

export const DEFAULT_GITHUB_API_URL = 'https://api.github.com';

/** `PREVIEW_*`, `GITHUB_TOKEN`, `GITHUB_API_URL`. Throws ConfigError listing every problem. */
export function loadPreviewDeployConfig(env: Env = process.env): PreviewDeployConfig {
  const reader = new EnvReader(env, redactorForEnv(env));
  const ami = reader.required('PREVIEW_AWS_AMI', amiId);
  const region = reader.required('PREVIEW_AWS_REGION', awsRegion);
  const subnet = reader.required('PREVIEW_AWS_SUBNET', subnetId);
  const securityGroup = reader.required('PREVIEW_AWS_SECURITY_GROUP', securityGroupId);
  const iterations = reader.required('PREVIEW_API_PBKDF2_ITERATIONS', pbkdf2Iterations(PRODUCTION_MIN_PBKDF2_ITERATIONS));
  const okta = readOkta(reader, 'PREVIEW_');
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
    github: { token: token as string, apiUrl },
  };
}
