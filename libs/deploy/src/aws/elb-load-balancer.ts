import {
  DeregisterTargetsCommand,
  DescribeTargetGroupAttributesCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { WaitOptions } from '../ports/compute';
import type { LoadBalancer, Target, TargetHealth, TargetState } from '../ports/load-balancer';
import { pollUntil } from '../wait/poll-until';
import { awsCallContext, callAws, warnOnRetry, type AwsCallContext } from './aws-call';
import { targetGroupResource } from './aws-resources';
import { awsClientSettings } from './client-config';
import { withCredentials } from './credentials-from-env';
import type { AwsAdapterOptions } from './ec2-compute';

/** AWS's default when the attribute is missing. */
const DEFAULT_DEREGISTRATION_DELAY_S = 300;

export interface ElbAdapterOptions extends AwsAdapterOptions {
  /** Poll interval of waitUntilDeregistered (default 15 s, as AWS's own waiter). */
  pollMs?: number;
}

/** The LoadBalancer port on ELBv2 target groups; every call goes through callAws. */
export class ElbLoadBalancer implements LoadBalancer {
  private readonly ctx: AwsCallContext;
  private readonly pollMs: number;

  constructor(
    private readonly client: ElasticLoadBalancingV2Client,
    options: ElbAdapterOptions = {},
  ) {
    this.ctx = awsCallContext({ ...options, onRetry: options.logger && warnOnRetry((m) => options.logger?.warn(m)) });
    this.pollMs = options.pollMs ?? 15_000;
  }

  async targetHealth(targetGroup: string, targets?: Target[]): Promise<TargetHealth[]> {
    const out = await this.call('DescribeTargetHealth', targetGroup, (abortSignal) =>
      this.client.send(
        new DescribeTargetHealthCommand({ TargetGroupArn: targetGroup, Targets: targets?.map((t) => ({ Id: t.id, Port: t.port })) }),
        { abortSignal },
      ),
    );
    return (out.TargetHealthDescriptions ?? []).map((d) => {
      const h: TargetHealth = {
        id: d.Target?.Id ?? '',
        port: d.Target?.Port ?? 0,
        state: (d.TargetHealth?.State ?? 'unavailable') as TargetState,
      };
      if (d.TargetHealth?.Reason) h.reason = d.TargetHealth.Reason;
      if (d.TargetHealth?.Description) h.description = d.TargetHealth.Description;
      return h;
    });
  }

  /** Registering a registered target changes nothing, so a retry after a lost answer is harmless. */
  async register(targetGroup: string, targets: Target[]): Promise<void> {
    if (targets.length === 0) return;
    const Targets = targets.map((t) => ({ Id: t.id, Port: t.port }));
    await this.call('RegisterTargets', targetGroup, (abortSignal) => this.client.send(new RegisterTargetsCommand({ TargetGroupArn: targetGroup, Targets }), { abortSignal }));
  }

  /** Deregistering a draining target changes nothing, so a retry after a lost answer is harmless. */
  async deregister(targetGroup: string, targets: Target[]): Promise<void> {
    if (targets.length === 0) return;
    const Targets = targets.map((t) => ({ Id: t.id, Port: t.port }));
    await this.call('DeregisterTargets', targetGroup, (abortSignal) =>
      this.client.send(new DeregisterTargetsCommand({ TargetGroupArn: targetGroup, Targets }), { abortSignal }),
    );
  }

  async deregistrationDelaySeconds(targetGroup: string): Promise<number> {
    const out = await this.call('DescribeTargetGroupAttributes', targetGroup, (abortSignal) =>
      this.client.send(new DescribeTargetGroupAttributesCommand({ TargetGroupArn: targetGroup }), { abortSignal }),
    );
    const attr = out.Attributes?.find((a) => a.Key === 'deregistration_delay.timeout_seconds');
    const seconds = Number(attr?.Value);
    return Number.isFinite(seconds) && attr?.Value !== undefined ? seconds : DEFAULT_DEREGISTRATION_DELAY_S;
  }

  async targetGroupPort(targetGroup: string): Promise<number | undefined> {
    const out = await this.call('DescribeTargetGroups', targetGroup, (abortSignal) =>
      this.client.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [targetGroup] }), { abortSignal }),
    );
    return out.TargetGroups?.[0]?.Port;
  }

  /**
   * Polls target health (each read retried as above) until every target is `unused`: drained,
   * or never registered. Our own poll, not the SDK waiter, so a failed read is retried with the
   * same policy and an interrupt stops the wait at once.
   */
  async waitUntilDeregistered(targetGroup: string, targets: Target[], options: WaitOptions): Promise<void> {
    if (targets.length === 0) return;
    let left: string[] = targets.map((t) => t.id);
    await pollUntil({
      what: () => `${targets.length} target(s) to drain (still draining: ${left.join(', ')})`,
      timeoutMs: options.timeoutMs,
      intervalMs: this.pollMs,
      clock: this.ctx.clock,
      signal: options.signal,
      check: async () => {
        const health = await this.targetHealth(targetGroup, targets);
        left = health.filter((h) => h.state !== 'unused').map((h) => h.id);
        return left.length === 0;
      },
    });
  }

  private call<T>(operation: string, targetGroup: string, attempt: (abortSignal: AbortSignal) => Promise<T>): Promise<T> {
    return callAws(this.ctx, { service: 'ELBv2', operation, resource: targetGroupResource(targetGroup) }, attempt);
  }
}

export function createElbLoadBalancer(region: string, env: Record<string, string | undefined> = process.env, options: ElbAdapterOptions = {}): ElbLoadBalancer {
  // One attempt per send: callAws does the retrying, bounded and named.
  return new ElbLoadBalancer(new ElasticLoadBalancingV2Client({ ...awsClientSettings('ELASTIC_LOAD_BALANCING_V2', region, { env }), ...withCredentials(env), maxAttempts: 1 }), options);
}
