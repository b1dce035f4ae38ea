import { WaitTimeoutError } from '../src/log/errors';
import type { WaitOptions } from '../src/ports/compute';
import type { LoadBalancer, Target, TargetHealth } from '../src/ports/load-balancer';
import type { FakeClock } from './fake-clock';
import type { FakeCompute } from './fake-compute';

interface Registration {
  target: Target;
  registeredAt: number;
  deregisteredAt?: number;
}

/**
 * In-memory target group on top of a FakeCompute and a FakeClock. A target turns healthy when
 * its instance runs and its script's `healthyAfterMs` has passed since registration; drains
 * for the deregistration delay after deregistration.
 *
 * It checks the rollover's invariants THROUGHOUT (after every clock tick and every change):
 * - never zero healthy targets once there was at least one at the start (no gap in service);
 * - never an instance terminated while still registered (it must be deregistered first);
 * and `endViolations(env)` checks that no instance of the environment is left running but
 * unregistered.
 */
export class FakeLoadBalancer implements LoadBalancer {
  readonly calls: Array<{ method: string; args: unknown[]; at: number; mutating: boolean }> = [];
  readonly violations: string[] = [];
  deregistrationDelayMs = 300_000;
  port = 8080;
  private regs = new Map<string, Registration>();
  private throttles = new Map<string, number>();
  private initialHealthy = 0;
  private minHealthySeen = Infinity;

  constructor(
    private readonly clock: FakeClock,
    private readonly compute: FakeCompute,
    readonly targetGroupArn = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/api/abc',
  ) {
    clock.onAdvance(() => this.check());
    compute.onChange(() => this.check());
  }

  /** Registers existing targets (already healthy) and starts watching the invariants. */
  seedRegistered(ids: string[]): void {
    for (const id of ids) this.regs.set(id, { target: { id, port: this.port }, registeredAt: this.clock.now() - 86_400_000 });
    this.initialHealthy = this.healthyCount();
  }

  throttle(method: keyof LoadBalancer, times: number): void {
    this.throttles.set(method, times);
  }

  mutatingCalls() {
    return this.calls.filter((c) => c.mutating);
  }

  /** Registered (not draining) instance ids. */
  registeredIds(): string[] {
    return [...this.regs.values()].filter((r) => r.deregisteredAt === undefined).map((r) => r.target.id);
  }

  get lowestHealthyCount(): number {
    return this.minHealthySeen;
  }

  healthyCount(): number {
    return this.states().filter((s) => s.state === 'healthy').length;
  }

  /** Invariant violations at the end of a run, for environment `env`. */
  endViolations(env: string): string[] {
    const registered = new Set(this.registeredIds());
    const strays = this.compute
      .live()
      .filter((i) => i.tags['environment'] === env && !registered.has(i.id))
      .map((i) => `instance ${i.id} of ${env} is ${i.state} but not registered`);
    return [...this.violations, ...strays];
  }

  async targetHealth(targetGroup: string, targets?: Target[]): Promise<TargetHealth[]> {
    this.record('targetHealth', [targetGroup, targets], false);
    const all = this.states();
    if (!targets) return all.filter((s) => s.state !== 'unused');
    return targets.map(
      (t) => all.find((s) => s.id === t.id) ?? { ...t, state: 'unused', reason: 'Target.NotRegistered', description: 'Target is not registered to the target group' },
    );
  }

  async register(targetGroup: string, targets: Target[]): Promise<void> {
    this.record('register', [targetGroup, targets], true);
    for (const t of targets) this.regs.set(t.id, { target: t, registeredAt: this.clock.now() });
    this.check();
  }

  async deregister(targetGroup: string, targets: Target[]): Promise<void> {
    this.record('deregister', [targetGroup, targets], true);
    for (const t of targets) {
      const r = this.regs.get(t.id);
      if (r && r.deregisteredAt === undefined) r.deregisteredAt = this.clock.now();
    }
    this.check();
  }

  async deregistrationDelaySeconds(targetGroup: string): Promise<number> {
    this.record('deregistrationDelaySeconds', [targetGroup], false);
    return this.deregistrationDelayMs / 1000;
  }

  async targetGroupPort(targetGroup: string): Promise<number | undefined> {
    this.record('targetGroupPort', [targetGroup], false);
    return this.port;
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

  private states(): TargetHealth[] {
    const now = this.clock.now();
    const out: TargetHealth[] = [];
    for (const r of this.regs.values()) {
      const t = r.target;
      if (r.deregisteredAt !== undefined) {
        if (now - r.deregisteredAt < this.deregistrationDelayMs) {
          out.push({ ...t, state: 'draining', reason: 'Target.DeregistrationInProgress', description: 'Target deregistration is in progress' });
        }
        continue;
      }
      const inst = this.compute.instances.get(t.id);
      const up = inst ? this.compute.runningForMs(inst) : undefined;
      if (!inst || up === undefined) {
        out.push({ ...t, state: 'unhealthy', reason: 'Target.InvalidState', description: 'Target is in the stopped or terminated state' });
        continue;
      }
      const since = now - Math.max(r.registeredAt, inst.launchedAtMs + (inst.script.bootMs ?? 30_000));
      const needed = inst.script.healthyAfterMs ?? 45_000;
      if (!inst.script.neverHealthy && since >= needed) out.push({ ...t, state: 'healthy' });
      else if (since < 30_000) out.push({ ...t, state: 'initial', reason: 'Elb.InitialHealthChecking', description: 'Initial health checks in progress' });
      else out.push({ ...t, state: 'unhealthy', reason: 'Target.ResponseCodeMismatch', description: 'Health checks failed with these codes: [502]' });
    }
    return out;
  }

  private check(): void {
    const healthy = this.healthyCount();
    this.minHealthySeen = Math.min(this.minHealthySeen, healthy);
    if (this.initialHealthy > 0 && healthy === 0) {
      this.violations.push(`no healthy target at t+${this.clock.now()} (had ${this.initialHealthy} at start)`);
    }
    // Terminating a target that was never deregistered cuts its in-flight requests (defect 6).
    for (const r of this.regs.values()) {
      const inst = this.compute.instances.get(r.target.id);
      if (inst?.state === 'terminated' && r.deregisteredAt === undefined && !inst.stateReason) {
        const v = `instance ${inst.id} terminated while still registered`;
        if (!this.violations.includes(v)) this.violations.push(v);
      }
    }
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
