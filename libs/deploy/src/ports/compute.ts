import type { InstanceProfileRef } from '@eapd/config';

/**
 * The compute port: the few EC2 operations the rollover and the previews need, in our own
 * words. The AWS adapter (aws/ec2-compute.ts) translates; the engine never sees an SDK type.
 */

export type InstanceState = 'pending' | 'running' | 'shutting-down' | 'terminated' | 'stopping' | 'stopped';

/** States of an instance that is, or is about to be, serving. */
export const LIVE_STATES: InstanceState[] = ['pending', 'running'];

export interface Instance {
  id: string;
  state: InstanceState;
  launchedAt: Date;
  tags: Record<string, string>;
  imageId?: string;
  instanceType?: string;
  publicDnsName?: string;
  privateIpAddress?: string;
  /** Why the instance stopped or terminated, when AWS says (StateReason.Message). */
  stateReason?: string;
}

/** EC2 refuses user data larger than 16 KiB before base64 encoding (ours is gzip-compressed: startup/user-data.ts). */
export const USER_DATA_LIMIT_BYTES = 16 * 1024;

export interface LaunchSpec {
  imageId: string;
  instanceType: string;
  subnetId: string;
  securityGroupIds: string[];
  /**
   * The plain startup script; the adapter sends it gzip-compressed and base64-encoded
   * (encodeUserData), and the compressed bytes must stay under EC2's 16 KiB. Never a secret.
   */
  userData: string;
  /** The instance's role: what it reads its settings from Parameter Store (and its files bucket) with. */
  instanceProfile: InstanceProfileRef;
  tags: Record<string, string>;
  /** Idempotency token: retrying a launch with the same token never starts a second set. */
  clientToken: string;
  /** Number of instances (default 1). */
  count?: number;
}

export type CheckStatus = 'ok' | 'impaired' | 'initializing' | 'insufficient-data' | 'not-applicable';

export interface StatusChecks {
  system: CheckStatus;
  instance: CheckStatus;
}

export interface WaitOptions {
  /** Give up after this long (WaitTimeoutError). Nothing waits forever. */
  timeoutMs: number;
  /** Stop waiting at once when aborted (SIGINT/SIGTERM). */
  signal?: AbortSignal;
}

export interface InstanceFilter {
  tags: Record<string, string>;
  tagKeys?: string[];
  states?: InstanceState[];
}

/**
 * True for the errors AWS returns when we call too fast (EC2 "RequestLimitExceeded", ELB
 * "Throttling"). Adapters pass them through unchanged; callers retry them with back-off.
 */
export function isThrottlingError(err: unknown): boolean {
  if ((err as { kind?: unknown } | null)?.kind === 'throttled') return true;
  return someInChain(err, (e) => {
    if (e.$retryable?.throttling) return true;
    return THROTTLING.includes(String(e.name ?? e.Code ?? ''));
  });
}

/**
 * True for failures that say nothing about the request itself, so the same call may succeed
 * a moment later: throttling, 5xx answers, timeouts, and connections reset or dropped before
 * the answer arrived (a "lost response": AWS may have applied the call). Looks through
 * `cause`, so an adapter's error that wraps the SDK's is classified by what AWS said.
 */
export function isTransientError(err: unknown): boolean {
  // The adapters' AwsCallError already says (its `kind`); a refusal is final whatever it wraps.
  const kind = (err as { kind?: unknown } | null)?.kind;
  if (err instanceof Error && err.name === 'AwsCallError' && typeof kind === 'string') return kind !== 'rejected';
  return someInChain(err, (e) => {
    if (e.transient === true || e.retryable === true || e.$retryable) return true;
    if (THROTTLING.includes(String(e.name ?? e.Code ?? ''))) return true;
    const status = e.$metadata?.httpStatusCode ?? e.statusCode ?? e.status;
    if (typeof status === 'number' && status >= 500) return true;
    if (e.$fault === 'server') return true;
    return TRANSIENT_NAMES.includes(String(e.name ?? '')) || TRANSIENT_CODES.includes(String(e.code ?? ''));
  });
}

const THROTTLING = ['Throttling', 'ThrottlingException', 'RequestLimitExceeded', 'TooManyRequestsException', 'RequestThrottled', 'SlowDown'];
const TRANSIENT_NAMES = ['InternalError', 'InternalFailure', 'ServiceUnavailable', 'Unavailable', 'TimeoutError', 'RequestTimeout', 'RequestTimeoutException'];
const TRANSIENT_CODES = ['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED', 'EAI_AGAIN', 'UND_ERR_SOCKET', 'ERR_HTTP2_STREAM_ERROR'];

interface ErrorShape {
  name?: string;
  Code?: string;
  code?: string;
  transient?: boolean;
  retryable?: boolean;
  status?: number;
  statusCode?: number;
  $fault?: string;
  $retryable?: { throttling?: boolean };
  $metadata?: { httpStatusCode?: number };
  cause?: unknown;
}

function someInChain(err: unknown, test: (e: ErrorShape) => boolean): boolean {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as ErrorShape).cause, depth++) {
    if (test(e as ErrorShape)) return true;
  }
  return false;
}

/** What a preview needs to know about its subnet to get a public DNS name. */
export interface SubnetFacts {
  id: string;
  vpcId: string;
  /** The subnet's MapPublicIpOnLaunch: instances launched here get a public IP. */
  mapPublicIpOnLaunch: boolean;
  /** The VPC's enableDnsHostnames: instances with a public IP get a public DNS name. */
  vpcDnsHostnames: boolean;
  /** The VPC's enableDnsSupport: Amazon's DNS server resolves names in the VPC. */
  vpcDnsSupport: boolean;
}

/** Subnet facts, read before launching. A separate port: only previews need it. */
export interface SubnetLookup {
  /** The subnet and its VPC's DNS settings; undefined when EC2 does not know the subnet. */
  subnetFacts(subnetId: string): Promise<SubnetFacts | undefined>;
}

export interface Compute {
  /**
   * Every instance (all pages) carrying all of `tags` (and every key in `tagKeys`, whatever its
   * value), in one of `states` (default LIVE_STATES: never terminated or stopping ones).
   */
  findInstances(filter: InstanceFilter): Promise<Instance[]>;
  /** The given instances, in any state; an id AWS does not know (yet: just launched) is simply absent. */
  describeInstances(ids: string[]): Promise<Instance[]>;
  launch(spec: LaunchSpec): Promise<Instance[]>;
  /** Both status checks per instance; ids AWS does not know (yet) are absent. */
  statusChecks(ids: string[]): Promise<Record<string, StatusChecks>>;
  /** Idempotent: terminating a terminated instance succeeds. An unknown id fails (InvalidInstanceID.NotFound). */
  terminate(ids: string[]): Promise<void>;
  /** Idempotent (sets the values). An unknown id fails (InvalidInstanceID.NotFound). */
  tag(ids: string[], tags: Record<string, string>): Promise<void>;
  /** Idempotent: removing a key that is not there succeeds. */
  untag(ids: string[], keys: string[]): Promise<void>;
  /** The instance's console output (the startup script's log), decoded; "" when none yet. */
  consoleOutput(id: string): Promise<string>;
}
