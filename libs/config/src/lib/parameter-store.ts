import type { EnvironmentName } from './types';

/**
 * Every environment's instance settings live under one Parameter Store path, "/eapd/<env>":
 * "/eapd/production/DATABASE_URL", "/eapd/staging/SESSION_SECRET", "/eapd/preview/OKTA_API_KEY".
 * Fixed rather than configurable, so the IAM policies in the README can name it exactly.
 */
export const PARAMETER_PATH_ROOT = '/eapd';

export function parameterPath(environment: EnvironmentName): string {
  return `${PARAMETER_PATH_ROOT}/${environment}`;
}

/** Parameter Store's AWS managed key, used when no `<ENV>_…_AWS_KMS_KEY` is set. */
export const DEFAULT_PARAMETERS_KMS_KEY = 'alias/aws/ssm';
