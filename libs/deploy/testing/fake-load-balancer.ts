import { targetGroupResource } from '../src/aws/aws-resources';
import { WaitTimeoutError } from '../src/log/errors';
import type { WaitOptions } from '../src/ports/compute';
import type { LoadBalancer, Target, TargetHealth } from '../src/ports/load-balancer';
import { ElbModel, type TargetGroupModel } from './aws-model/elb-model';
import { asAwsCall } from './aws-model/fake-errors';
import { ServiceInvariants } from './aws-model/service-invariants';
import type { FakeClock } from './fake-clock';
import type { FakeCompute } from './fake-compute';
import { withFault } from './fake-faults';

/**
 * In-memory target group on a FakeCompute and a FakeClock, serving the SAME state model as the
 * wire stand-in (aws-model/elb-model.ts). A target turns healthy when its instance runs and
 * its script's `healthyAfterMs` has passed since registration (and, scripted to fail later, turns
 * unhealthy `unhealthyAfterMs` after an answer first reported it healthy); drains for the
 * deregistration delay after deregistration.
 *
 * It checks the rollover's invariants THROUGHOUT (after every clock tick and every change),
 * see aws-model/service-invariants.ts; `endViolations(env)` adds the end-state check.
 */
export class FakeLoadBalancer implements LoadBalancer {
  readonly calls: Array<{ method: string; args: unknown[]; at: number; mutating: boolean }> = [];
  readonly model: ElbModel;
  readonly invariants: ServiceInvariants;
  private readonly group: TargetGroupModel;
  private throttles = new Map<string, number>();

  constructor(
    private readonly clock: FakeClock,
    private readonly compute: FakeCompute,
    readonly targetGroupArn = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/api/abc',
  ) {
    this.model = new ElbModel(compute.model);
    this.group = this.model.addTargetGroup({ arn: targetGroupArn, port: 8080, deregistrationDelayMs: 300_000 });
    this.invariants = new ServiceInvariants(this.model, targetGroupArn);
    clock.onAdvance(() => this.invariants.check());
    compute.onChange(() => this.invariants.check());
  }

  get violations(): string[] {
    return this.invariants.violations;
  }

  get deregistrationDelayMs(): number {
    return this.group.deregistrationDelayMs;
  }

  set deregistrationDelayMs(ms: number) {
    this.group.deregistrationDelayMs = ms;
  }

  get port(): number {
    return this.group.port;
  }

  set port(port: number) {
    this.group.port = port;
  }

  /** Registers existing targets (already healthy) and starts watching the invariants. */
  seedRegistered(ids: string[]): void {
    this.model.seedRegistered(this.targetGroupArn, ids);
    this.invariants.baseline();
  }

  throttle(method: keyof LoadBalancer, times: number): void {
    this.throttles.set(method, times);
  }

  mutatingCalls() {
    return this.calls.filter((c) => c.mutating);
  }

  /** Registered (not draining) instance ids. */
  registeredIds(): string[] {
    return this.model.registeredIds(this.targetGroupArn);
  }

  get lowestHealthyCount(): number {
    return this.invariants.lowestHealthyCount;
  }

  healthyCount(): number {
    return this.model.healthyCount(this.targetGroupArn);
  }

  /** Invariant violations at the end of a run, for environment `env`. */
  endViolations(env: string): string[] {
    return this.invariants.endViolations(env);
  }

  async targetHealth(targetGroup: string, targets?: Target[]): Promise<TargetHealth[]> {
    this.record('targetHealth', [targetGroup, targets], false);
    return this.call('DescribeTargetHealth', targetGroup, () => this.model.describeTargetHealth(targetGroup, targets));
  }

  async register(targetGroup: string, targets: Target[]): Promise<void> {
    this.record('register', [targetGroup, targets], true);
    if (targets.length === 0) return;
    await this.call('RegisterTargets', targetGroup, () => {
      this.model.register(targetGroup, targets);
      this.invariants.check();
    });
  }

  async deregister(targetGroup: string, targets: Target[]): Promise<void> {
    this.record('deregister', [targetGroup, targets], true);
    if (targets.length === 0) return;
    await this.call('DeregisterTargets', targetGroup, () => {
      this.model.deregister(targetGroup, targets);
      this.invariants.check();
    });
  }

  async deregistrationDelaySeconds(targetGroup: string): Promise<number> {
    this.record('deregistrationDelaySeconds', [targetGroup], false);
    return this.call('DescribeTargetGroupAttributes', targetGroup, () => this.model.group(targetGroup).deregistrationDelayMs / 1000);
  }

  async targetGroupPort(targetGroup: string): Promise<number | undefined> {
    this.record('targetGroupPort', [targetGroup], false);
    return this.call('DescribeTargetGroups', targetGroup, () => this.model.group(targetGroup).port);
  }

  async waitUntilDeregistered(targetGroup: string, targets: Target[], options: WaitOptions): Promise<void> {
    this.record('waitUntilDeregistered', [targetGroup, targets], false);
    const start = this.clock.now();
    for (;;) {
      const health = await this.targetHealth(targetGroup, targets);
      if (health.every((h) => h.state === 'unused')) return;
      if (this.clock.now() - start >= options.timeoutMs) throw new WaitTimeoutError('targets to drain', options.timeoutMs);
      await this.clock.sleep(15_000, options.signal);
    }
  }

  /** One ELBv2 call through the fault rules (shared with the fake compute), then the model. */
  private call<T>(operation: string, targetGroup: string, fn: () => T): Promise<T> {
    const resource = targetGroupResource(targetGroup);
    const name = this.model.groups.get(targetGroup)?.name;
    return withFault(this.compute.faults, this.clock, { service: 'ELBv2', operation, resources: [targetGroup, ...(name ? [name] : [])], resource }, () =>
      asAwsCall('ELBv2', operation, resource, fn),
    );
  }

  private record(method: string, args: unknown[], mutating: boolean): void {
    this.calls.push({ method, args, at: this.clock.now(), mutating });
    const left = this.throttles.get(method) ?? 0;
    if (left > 0) {
      this.throttles.set(method, left - 1);
      throw Object.assign(new Error('Rate exceeded'), { name: 'Throttling' });
    }
  }
}
