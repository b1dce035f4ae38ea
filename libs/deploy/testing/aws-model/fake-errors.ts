import { AwsCallError, type AwsService } from '../../src/ports/aws-call-error';
import { AwsModelError } from './model-error';

/**
 * Runs a model call for an in-memory fake. A refusal by the model becomes the AwsCallError the
 * real adapter would throw for the same AWS answer (one attempt: a refusal is not retried).
 */
export function asAwsCall<T>(service: AwsService, operation: string, resource: string | undefined, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (!(err instanceof AwsModelError)) throw err;
    throw new AwsCallError({ service, operation, resource, attempts: 1, code: err.code, status: err.status, awsMessage: err.message, kind: 'rejected' });
  }
}
