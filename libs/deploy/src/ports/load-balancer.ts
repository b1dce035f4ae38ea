/**
 * The load-balancer port: a target group's registrations and their health, in our own words.
 * The AWS adapter (aws/elb-load-balancer.ts) translates; the engine never sees an SDK type.
 */
import type { WaitOptions } from './compute';

/** A target: an instance id and the port traffic is sent to. */
export interface Target {
  id: string;
  port: number;
}

/** ELBv2 target health states, as AWS names them. */
export type TargetState = 'initial' | 'healthy' | 'unhealthy' | 'unhealthy.draining' | 'unused' | 'draining' | 'unavailable';

export interface TargetHealth extends Target {
  state: TargetState;
  /** AWS reason code, e.g. "Elb.InitialHealthChecking", "Target.ResponseCodeMismatch". */
  reason?: string;
  /** AWS's sentence explaining the reason. */
  description?: string;
}

export interface LoadBalancer {
  /**
   * Health of `targets` in `targetGroup`, or of every registered target when `targets` is
   * omitted. A target asked about but not registered comes back as `unused`/`Target.NotRegistered`.
   */
  targetHealth(targetGroup: string, targets?: Target[]): Promise<TargetHealth[]>;
  register(targetGroup: string, targets: Target[]): Promise<void>;
  /** Starts draining: the load balancer stops new requests and lets in-flight ones finish. */
  deregister(targetGroup: string, targets: Target[]): Promise<void>;
  /** The target group's `deregistration_delay.timeout_seconds` (AWS default 300). */
  deregistrationDelaySeconds(targetGroup: string): Promise<number>;
  /** The port the target group sends traffic to by default. */
  targetGroupPort(targetGroup: string): Promise<number | undefined>;
  /** Resolves when none of `targets` is registered or draining any more; bounded. */
  waitUntilDeregistered(targetGroup: string, targets: Target[], options: WaitOptions): Promise<void>;
}

/** States in which a target still receives (or finishes) traffic. */
export const ATTACHED_STATES: TargetState[] = ['initial', 'healthy', 'unhealthy', 'unavailable', 'draining', 'unhealthy.draining'];
