import { DeployError } from '../log/errors';

/** The AWS services we call, as our messages name them. */
export type AwsService = 'EC2' | 'ELBv2' | 'S3';

/** Why a call failed, in words the engine can act on without knowing AWS error codes. */
export type AwsFailureKind =
  /** AWS asked us to slow down (EC2 RequestLimitExceeded, ELBv2 Throttling, S3 SlowDown). */
  | 'throttled'
  /** AWS answered 5xx, or the connection dropped or timed out: retrying may work. */
  | 'transient'
  /** AWS refused the request (4xx): retrying the same call will not help. */
  | 'rejected';

export interface AwsCallFailure {
  service: AwsService;
  /** The API call, as AWS names it: "DeregisterTargets". */
  operation: string;
  /** What the call was about, for people: "target group api-staging", "i-0abc, i-0def". */
  resource?: string;
  /** Attempts made, the first included. */
  attempts: number;
  /** AWS's error code ("InternalError", "InvalidInstanceID.NotFound"), or the network error code. */
  code?: string;
  /** HTTP status when AWS answered at all. */
  status?: number;
  /** AWS's own sentence, or the network error's message. */
  awsMessage: string;
  kind: AwsFailureKind;
}

/**
 * The one error type of the AWS boundary: every adapter call that fails for good throws it,
 * after its retries. The message names the call so a person at the terminal knows what
 * failed and where, e.g.
 * `ELBv2 DeregisterTargets (target group api-staging) failed after 6 attempts: 500 InternalError: We encountered an internal error.`
 * The fields carry the same facts for code (`kind` says whether trying again later may help).
 */
export class AwsCallError extends DeployError implements AwsCallFailure {
  readonly service: AwsService;
  readonly operation: string;
  readonly resource?: string;
  readonly attempts: number;
  readonly code?: string;
  readonly status?: number;
  readonly awsMessage: string;
  readonly kind: AwsFailureKind;

  constructor(failure: AwsCallFailure, options: { hint?: string; cause?: unknown } = {}) {
    super(describeAwsFailure(failure), { hint: options.hint ?? hintFor(failure), cause: options.cause });
    this.name = 'AwsCallError';
    this.service = failure.service;
    this.operation = failure.operation;
    if (failure.resource !== undefined) this.resource = failure.resource;
    this.attempts = failure.attempts;
    if (failure.code !== undefined) this.code = failure.code;
    if (failure.status !== undefined) this.status = failure.status;
    this.awsMessage = failure.awsMessage;
    this.kind = failure.kind;
  }
}

/** `EC2 TerminateInstances (i-1) failed after 3 attempts: 503 RequestLimitExceeded: Request limit exceeded.` */
export function describeAwsFailure(f: AwsCallFailure): string {
  const where = f.resource ? ` (${f.resource})` : '';
  const tries = f.attempts === 1 ? '' : ` after ${f.attempts} attempts`;
  const answer = [f.status, f.code].filter((x) => x !== undefined && x !== '').join(' ');
  return `${f.service} ${f.operation}${where} failed${tries}: ${answer ? `${answer}: ` : ''}${f.awsMessage}`;
}

function hintFor(f: AwsCallFailure): string | undefined {
  if (f.kind === 'throttled') return 'AWS kept throttling the account\'s API calls; wait a minute and run again (other tools may share the request limit).';
  if (f.kind === 'transient') return 'AWS or the network kept failing for the whole retry window; check https://health.aws.amazon.com and run again.';
  if (f.code === 'UnauthorizedOperation' || f.code === 'AccessDenied' || f.status === 403) {
    return `The deploy role may not call ${f.service} ${f.operation}; check its IAM policy.`;
  }
  return undefined;
}

/** True for an AwsCallError whose AWS error code is `code`. */
export function isAwsError(err: unknown, code: string): err is AwsCallError {
  return err instanceof AwsCallError && err.code === code;
}
