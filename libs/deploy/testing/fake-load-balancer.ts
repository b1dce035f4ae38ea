import { WaitTimeoutError } from '../src/log/errors';
import type { WaitOptions } from '../src/ports/compute';
import type { LoadBalancer, Target, TargetHealth } from '../src/ports/load-balancer';
import type { FakeClock } from './fake-clock';
import type { FakeCompute } from './fake-compute';
import { awsCallError, type FaultKind } from './fault-injector';

interface Registration {
  target: Target;
  registeredAt: number;
  deregisteredAt?: number;
}

/** The ELBv2 operation behind each port method, for fault rules and error messages. */
export const ELB_OPERATIONS: Record<string, string> = {
  targetHealth: 'DescribeTargetHealth',
  register: 'RegisterTargets',
  deregister: 'DeregisterTargets',
  deregistrationDelaySeconds: 'DescribeTargetGroupAttributes',
  targetGroupPort: 'DescribeTargetGroups',
  waitUntilDeregistered: 'DescribeTargetHealth',
};

/** Tags that must never stay on a live instance once a rollover has ended. */
const JOURNAL_TAG = /^rollover-/;

/**
 * In-memory target group on top of a FakeCompute and a FakeClock. A target turns healthy when
 * its instance runs and its script's `healthyAfterMs` has passed since registration (and,
 * scripted, unhealthy `failsAfterHealthyMs` later); drains for the deregistration delay after
 * deregistration; a re-registered target starts its health checks again.
 *
 * It checks the rollover's invariants after EVERY observed state (each clock tick and each
 * change):
 * - the engine never takes the healthy count from one or more to zero (a deregistration or a
 *   termination that removes the last healthy targets) — `violations`;
 * - never an instance terminated while still registered (it must be deregistered first);
 * - stretches with zero healthy targets that a scripted failure caused (not the engine) are
 *   recorded in `outages`, so a test can bound them;
 * and `endViolations(env)` adds what must hold at the end: no instance of the environment
 * running but unregistered, no lock or journal tag on a live instance.
 */
export class FakeLoadBalancer implements LoadBalancer {
  readonly calls: Array<{ method: string; args: unknown[]; at: number; mutating: boolean }> = [];
  readonly violations: string[] = [];
  readonly outages: Array<{ from: number; to?: number }> = [];
  deregistrationDelayMs = 300_000;
  port = 8080;
  private regs = new Map<string, Registration>();
  private throttles = new Map<string, number>();
  private initialHealthy = 0;
  private minHealthySeen = Infinity;
  private lastHealthy = 0;

  constructor(
    private readonly clock: FakeClock,
    private readonly compute: FakeCompute,
    readonly targetGroupArn = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/api/abc',
  ) {
    clock.onAdvance(() => this.check('time'));
    compute.onChange(() => this.check(compute.lastCause));
  }

  /** Registers existing targets (already healthy) and starts watching the invariants. */
  seedRegistered(ids: string[]): void {
    for (const id of ids) this.regs.set(id, { target: { id, port: this.port }, registeredAt: this.clock.now() - 86_400_000 });
    this.initialHealthy = this.healthyCount();
    this.lastHealthy = this.initialHealthy;
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

  healthyIds(): string[] {
    return this.states().filter((s) => s.state === 'healthy').map((s) => s.id);
  }

  /** Invariant violations at the end of a run, for environment `env`. */
  endViolations(env: string): string[] {
    const registered = new Set(this.registeredIds());
    const live = this.compute.live();
    const strays = live
      .filter((i) => i.tags['environment'] === env && !registered.has(i.id))
      .map((i) => `instance ${i.id} of ${env} is ${i.state} but not registered`);
    const journal = live.flatMap((i) => Object.keys(i.tags).filter((k) => JOURNAL_TAG.test(k)).map((k) => `instance ${i.id} still carries ${k}=${i.tags[k]}`));
    const empty = this.initialHealthy > 0 && this.healthyCount() === 0 ? [`no healthy target at the end (had ${this.initialHealthy} at start)`] : [];
    return [...this.violations, ...strays, ...journal, ...empty];
  }

  async targetHealth(targetGroup: string, targets?: Target[]): Promise<TargetHealth[]> {
    this.lost(this.record('targetHealth', [targetGroup, targets], false));
    const all = this.states();
    if (!targets) return all.filter((s) => s.state !== 'unused');
    return targets.map(
      (t) => all.find((s) => s.id === t.id) ?? { ...t, state: 'unused', reason: 'Target.NotRegistered', description: 'Target is not registered to the target group' },
    );
  }

  async register(targetGroup: string, targets: Target[]): Promise<void> {
    const fault = this.record('register', [targetGroup, targets], true);
    for (const t of targets) {
      const r = this.regs.get(t.id);
      // Registering a target that is already registered changes nothing (AWS is idempotent here).
      if (r && r.deregisteredAt === undefined) continue;
      this.regs.set(t.id, { target: t, registeredAt: this.clock.now() });
    }
    this.check('register');
    this.lost(fault);
  }

  async deregister(targetGroup: string, targets: Target[]): Promise<void> {
    const fault = this.record('deregister', [targetGroup, targets], true);
    for (const t of targets) {
      const r = this.regs.get(t.id);
      if (r && r.deregisteredAt === undefined) r.deregisteredAt = this.clock.now();
    }
    this.check('deregister');
    this.lost(fault);
  }

  async deregistrationDelaySeconds(targetGroup: string): Promise<number> {
    this.lost(this.record('deregistrationDelaySeconds', [targetGroup], false));
    return this.deregistrationDelayMs / 1000;
  }

  async targetGroupPort(targetGroup: string): Promise<number | undefined> {
    this.lost(this.record('targetGroupPort', [targetGroup], false));
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
      const failsAt = inst.script.failsAfterHealthyMs === undefined ? Infinity : needed + inst.script.failsAfterHealthyMs;
      if (!inst.script.neverHealthy && since >= needed && since < failsAt) out.push({ ...t, state: 'healthy' });
      else if (since < 30_000 && since < failsAt) out.push({ ...t, state: 'initial', reason: 'Elb.InitialHealthChecking', description: 'Initial health checks in progress' });
      else out.push({ ...t, state: 'unhealthy', reason: 'Target.ResponseCodeMismatch', description: 'Health checks failed with these codes: [502]' });
    }
    return out;
  }

  /** After every observed state: who took the healthy count to zero, if anyone. */
  private check(cause: string): void {
    const healthy = this.healthyCount();
    this.minHealthySeen = Math.min(this.minHealthySeen, healthy);
    if (this.initialHealthy > 0) {
      if (healthy === 0 && this.lastHealthy > 0) {
        if (cause === 'deregister' || cause === 'terminate') this.violations.push(`${cause} left no healthy target at t+${this.clock.now()} (had ${this.lastHealthy})`);
        else this.outages.push({ from: this.clock.now() });
      }
      if (healthy > 0 && this.lastHealthy === 0) {
        const open = this.outages.find((o) => o.to === undefined);
        if (open) open.to = this.clock.now();
      }
    }
    this.lastHealthy = healthy;
    // Terminating a target that was never deregistered cuts its in-flight requests (defect 6).
    for (const r of this.regs.values()) {
      const inst = this.compute.instances.get(r.target.id);
      if (inst?.state === 'terminated' && r.deregisteredAt === undefined && !inst.stateReason) {
        const v = `instance ${inst.id} terminated while still registered`;
        if (!this.violations.includes(v)) this.violations.push(v);
      }
    }
  }

  private pendingError?: Error;

  private record(method: string, args: unknown[], mutating: boolean): FaultKind | undefined {
    this.calls.push({ method, args, at: this.clock.now(), mutating });
    const left = this.throttles.get(method) ?? 0;
    if (left > 0) {
      this.throttles.set(method, left - 1);
      throw Object.assign(new Error('Rate exceeded'), { name: 'Throttling' });
    }
    const fault = this.compute.faults?.decide(ELB_OPERATIONS[method] ?? method);
    const name = `target group ${this.targetGroupArn.split('/')[1] ?? this.targetGroupArn}`;
    const err = fault ? awsCallError('ELBv2', ELB_OPERATIONS[method] ?? method, name, fault) : undefined;
    if (fault && fault !== 'lost-response') throw err;
    this.pendingError = err;
    return fault;
  }

  /** A lost response: AWS applied the call, the answer never arrived. */
  private lost(fault: FaultKind | undefined): void {
    if (fault !== 'lost-response') return;
    const err = this.pendingError;
    this.pendingError = undefined;
    throw err;
  }
}
