import type { ElbModel } from './elb-model';

/**
 * The rollover's promises, checked on the model after every change and every clock tick
 * (the fakes) or every request and a short timer (the wire stand-in):
 * - never zero healthy targets once there was at least one (no gap in service);
 * - never an instance terminated while still registered (deregister first: in-flight
 *   requests would be cut, seed defect 6);
 * and `endViolations(env)` adds: no instance of the environment left running unregistered.
 */
export class ServiceInvariants {
  readonly violations: string[] = [];
  private initialHealthy = 0;
  private minHealthySeen = Infinity;

  constructor(
    private readonly elb: ElbModel,
    readonly targetGroupArn: string,
  ) {}

  /** Takes the current healthy count as the baseline "there was at least one"; watching starts here. */
  baseline(): void {
    this.initialHealthy = this.elb.healthyCount(this.targetGroupArn);
    this.minHealthySeen = this.initialHealthy;
  }

  get lowestHealthyCount(): number {
    return this.minHealthySeen;
  }

  check(): void {
    if (!this.elb.groups.has(this.targetGroupArn)) return;
    const healthy = this.elb.healthyCount(this.targetGroupArn);
    this.minHealthySeen = Math.min(this.minHealthySeen, healthy);
    if (this.initialHealthy > 0 && healthy === 0) {
      this.violations.push(`no healthy target at t+${this.elb.now()} (had ${this.initialHealthy} at start)`);
    }
    const group = this.elb.group(this.targetGroupArn);
    for (const r of group.registrations.values()) {
      const inst = this.elb.ec2.instances.get(r.target.id);
      // Ended by AWS (stateReason set) is not the deploy's doing.
      if (inst?.state === 'terminated' && r.deregisteredAt === undefined && !inst.stateReason) {
        const v = `instance ${inst.id} terminated while still registered`;
        if (!this.violations.includes(v)) this.violations.push(v);
      }
    }
  }

  /** Violations so far, plus instances of `env` left running (or pending) but not registered. */
  endViolations(env: string): string[] {
    const registered = new Set(this.elb.registeredIds(this.targetGroupArn));
    const strays = this.elb.ec2
      .live()
      .filter((i) => i.tags['environment'] === env && !registered.has(i.id))
      .map((i) => `instance ${i.id} of ${env} is ${i.state} but not registered`);
    return [...this.violations, ...strays];
  }
}
