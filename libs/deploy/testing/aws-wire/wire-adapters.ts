import type { RetryPolicy } from '../../src/aws/aws-call';
import { createEc2Compute } from '../../src/aws/ec2-compute';
import { createElbLoadBalancer } from '../../src/aws/elb-load-balancer';
import type { DeployLogger } from '../../src/log/logger';

/** Retries at test speed: the same policy shape as production, shorter waits. */
export const TEST_RETRY: Partial<RetryPolicy> = { baseDelayMs: 20, throttleBaseDelayMs: 40, maxDelayMs: 250, budgetMs: 20_000, attemptTimeoutMs: 3_000 };

/** What a deploy process needs in its environment to talk to the stand-in at `url`. */
export function wireEnv(url: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: url,
    AWS_ACCESS_KEY_ID: 'AKIDSTANDIN',
    AWS_SECRET_ACCESS_KEY: 'stand-in-secret',
    AWS_S3_FORCE_PATH_STYLE: 'true',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

/** The project's real adapters (real SDK clients) pointed at the stand-in through AWS_ENDPOINT_URL. */
export function wireAdapters(url: string, options: { retry?: Partial<RetryPolicy>; pollMs?: number; logger?: Pick<DeployLogger, 'warn'> } = {}) {
  const env = wireEnv(url);
  const retry = { ...TEST_RETRY, ...options.retry };
  return {
    compute: createEc2Compute('us-east-1', env, { retry, logger: options.logger }),
    loadBalancer: createElbLoadBalancer('us-east-1', env, { retry, logger: options.logger, pollMs: options.pollMs ?? 50 }),
  };
}
