import { ConfigError } from './config-error';
import type { DeployEnvironment } from './types';

const DEPLOY_ENVIRONMENTS: readonly DeployEnvironment[] = ['production', 'staging'];

/**
 * Refuses anything but production or staging up front: the seed's deploy script printed
 * "invalid" for an unknown environment and carried on terminating instances.
 */
export function assertDeployEnvironment(environment: unknown): asserts environment is DeployEnvironment {
  if (!DEPLOY_ENVIRONMENTS.includes(environment as DeployEnvironment)) {
    const got = typeof environment === 'string' ? JSON.stringify(environment) : String(environment);
    throw new ConfigError(
      [{ variable: 'environment', message: `expected "production" or "staging", got ${got}` }],
      'Unknown deploy environment',
    );
  }
}

/** "staging" → "STAGING_", the prefix of that environment's variables. */
export function variablePrefix(environment: DeployEnvironment): string {
  return `${environment.toUpperCase()}_`;
}
