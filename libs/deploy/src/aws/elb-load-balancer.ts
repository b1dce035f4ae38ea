import {
  DeregisterTargetsCommand,
  DescribeTargetGroupAttributesCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  RegisterTargetsCommand,
  waitUntilTargetDeregistered,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { InterruptedError, WaitTimeoutError } from '../log/errors';
import type { WaitOptions } from '../ports/compute';
import type { LoadBalancer, Target, TargetHealth, TargetState } from '../ports/load-balancer';
import { awsClientSettings } from './client-config';

/** AWS's default when the attribute is missing. */
const DEFAULT_DEREGISTRATION_DELAY_S = 300;

/** The LoadBalancer port on ELBv2 target groups. */
export class ElbLoadBalancer implements LoadBalancer {
  constructor(
    private readonly client: ElasticLoadBalancingV2Client,
    /** Poll interval of the SDK waiter, seconds (tests make it short). */
    private readonly waiterDelaySeconds = 15,
  ) {}

  async targetHealth(targetGroup: string, targets?: Target[]): Promise<TargetHealth[]> {
    const out = await this.client.send(
      new DescribeTargetHealthCommand({
        TargetGroupArn: targetGroup,
        Targets: targets?.map((t) => ({ Id: t.id, Port: t.port })),
      }),
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

  async register(targetGroup: string, targets: Target[]): Promise<void> {
    if (targets.length === 0) return;
    await this.client.send(
      new RegisterTargetsCommand({ TargetGroupArn: targetGroup, Targets: targets.map((t) => ({ Id: t.id, Port: t.port })) }),
    );
  }

  async deregister(targetGroup: string, targets: Target[]): Promise<void> {
    if (targets.length === 0) return;
    await this.client.send(
      new DeregisterTargetsCommand({ TargetGroupArn: targetGroup, Targets: targets.map((t) => ({ Id: t.id, Port: t.port })) }),
    );
  }

  async deregistrationDelaySeconds(targetGroup: string): Promise<number> {
    const out = await this.client.send(new DescribeTargetGroupAttributesCommand({ TargetGroupArn: targetGroup }));
    const attr = out.Attributes?.find((a) => a.Key === 'deregistration_delay.timeout_seconds');
    const seconds = Number(attr?.Value);
    return Number.isFinite(seconds) && attr?.Value !== undefined ? seconds : DEFAULT_DEREGISTRATION_DELAY_S;
  }

  async targetGroupPort(targetGroup: string): Promise<number | undefined> {
    const out = await this.client.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [targetGroup] }));
    return out.TargetGroups?.[0]?.Port;
  }

  async waitUntilDeregistered(targetGroup: string, targets: Target[], options: WaitOptions): Promise<void> {
    if (targets.length === 0) return;
    // The SDK insists on maxWaitTime > minDelay, both in whole seconds.
    const maxWaitTime = Math.max(2, Math.ceil(options.timeoutMs / 1000));
    const minDelay = Math.min(this.waiterDelaySeconds, maxWaitTime - 1);
    try {
      await waitUntilTargetDeregistered(
        {
          client: this.client,
          maxWaitTime,
          minDelay,
          maxDelay: Math.max(minDelay, 30),
          abortSignal: options.signal,
        },
        { TargetGroupArn: targetGroup, Targets: targets.map((t) => ({ Id: t.id, Port: t.port })) },
      );
    } catch (err) {
      const name = (err as { name?: string }).name;
      if (options.signal?.aborted) throw options.signal.reason ?? new InterruptedError();
      if (name === 'TimeoutError') throw new WaitTimeoutError(`${targets.length} target(s) to drain`, options.timeoutMs);
      throw err;
    }
  }
}

export function createElbLoadBalancer(region: string, env: Record<string, string | undefined> = process.env): ElbLoadBalancer {
  return new ElbLoadBalancer(new ElasticLoadBalancingV2Client(awsClientSettings('ELASTIC_LOAD_BALANCING_V2', region, { env })));
}
