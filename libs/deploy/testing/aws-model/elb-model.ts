import type { Target, TargetHealth } from '../../src/ports/load-balancer';
import type { Ec2Model, ModelInstance } from './ec2-model';
import { SCRIPT_DEFAULTS } from './instance-script';
import { AwsModelError } from './model-error';

interface Registration {
  target: Target;
  registeredAt: number;
  deregisteredAt?: number;
  /** When a DescribeTargetHealth answer first reported this target healthy (starts `unhealthyAfterMs`). */
  reportedHealthyAt?: number;
  /** When another target of the group was first deregistered while this one was registered (starts `unhealthyAfterOthersDeregisteredMs`). */
  othersDeregisteredAt?: number;
}

export interface TargetGroupSetup {
  arn: string;
  /** Default: the name in the ARN (…:targetgroup/<name>/<id>). */
  name?: string;
  port?: number;
  deregistrationDelayMs?: number;
}

const NOT_REGISTERED = { state: 'unused', reason: 'Target.NotRegistered', description: 'Target is not registered to the target group' } as const;
const NO_TARGET = 'The specified target does not exist, is not in the same VPC as the target group, or has an unsupported instance type.';

/** One target group: its registrations, keyed by "id:port" as ELBv2 keys targets. */
export class TargetGroupModel {
  readonly name: string;
  port: number;
  deregistrationDelayMs: number;
  readonly registrations = new Map<string, Registration>();

  constructor(setup: TargetGroupSetup) {
    this.name = setup.name ?? setup.arn.match(/targetgroup\/([^/]+)/)?.[1] ?? setup.arn;
    this.port = setup.port ?? 8080;
    this.deregistrationDelayMs = setup.deregistrationDelayMs ?? 300_000;
  }
}

/**
 * The ELBv2 state both FakeLoadBalancer and the wire stand-in serve. A target's health follows
 * its instance's script (InstanceScript): `initial` after registration, `healthy` once the
 * application answers, `unhealthy` when it never does or stops later; `draining` for the
 * deregistration delay (or the script's shorter drain), then gone; `unused` with
 * Target.NotRegistered when asked about a target that is not registered.
 */
export class ElbModel {
  readonly groups = new Map<string, TargetGroupModel>();

  constructor(
    readonly ec2: Ec2Model,
    readonly now: () => number = ec2.now,
  ) {}

  addTargetGroup(setup: TargetGroupSetup): TargetGroupModel {
    const group = new TargetGroupModel(setup);
    this.groups.set(setup.arn, group);
    return group;
  }

  group(arn: string): TargetGroupModel {
    const g = this.groups.get(arn);
    if (!g) throw new AwsModelError('TargetGroupNotFound', `Target groups '${arn}' not found`);
    return g;
  }

  /** Registers running instances as already healthy (a fleet that has served for a day). */
  seedRegistered(arn: string, ids: string[]): void {
    const g = this.group(arn);
    for (const id of ids) g.registrations.set(`${id}:${g.port}`, { target: { id, port: g.port }, registeredAt: this.now() - 86_400_000 });
  }

  /**
   * DescribeTargetHealth as answered to a caller (the fakes' port and the wire's API): like
   * `health`, and the first answer that reports a target healthy starts its script's
   * `unhealthyAfterMs`. So a release "healthy for N, then failing" is seen healthy by whoever
   * polls, however late (a loaded machine), and fails N after that: the scenario is decided
   * by what the observers saw, not by a race with the real clock. Internal reads (the
   * invariant watch, the control API's state) do not start it.
   */
  describeTargetHealth(arn: string, targets?: Array<{ id: string; port?: number }>): TargetHealth[] {
    const answer = this.health(arn, targets);
    const g = this.group(arn);
    for (const h of answer) {
      const r = h.state === 'healthy' ? g.registrations.get(`${h.id}:${h.port}`) : undefined;
      if (r && r.reportedHealthyAt === undefined) r.reportedHealthyAt = this.now();
    }
    return answer;
  }

  /** The target health now, without counting as an answer: every registered (or draining) target, or exactly the ones asked about. */
  health(arn: string, targets?: Array<{ id: string; port?: number }>): TargetHealth[] {
    const g = this.group(arn);
    this.ec2.advance();
    const current = new Map<string, TargetHealth>();
    for (const [key, r] of g.registrations) {
      const h = this.healthOf(g, r);
      if (h) current.set(key, h);
      else g.registrations.delete(key);
    }
    if (!targets) return [...current.values()];
    return targets.map((t) => {
      const port = t.port ?? g.port;
      return current.get(`${t.id}:${port}`) ?? { id: t.id, port, ...NOT_REGISTERED };
    });
  }

  /** RegisterTargets: only running instances; registering a registered target changes nothing. */
  register(arn: string, targets: Array<{ id: string; port?: number }>): void {
    const g = this.group(arn);
    this.ec2.advance();
    const notRunning = targets.filter((t) => this.ec2.instances.get(t.id)?.state !== 'running');
    if (notRunning.length) {
      const unknown = notRunning.filter((t) => !this.ec2.instances.has(t.id));
      throw new AwsModelError(
        'InvalidTarget',
        unknown.length
          ? NO_TARGET
          : `The following targets are not in a running state and cannot be registered: ${notRunning.map((t) => `'${t.id}'`).join(', ')}`,
      );
    }
    this.health(arn);
    for (const t of targets) {
      const port = t.port ?? g.port;
      const key = `${t.id}:${port}`;
      const r = g.registrations.get(key);
      if (r && r.deregisteredAt === undefined) continue;
      g.registrations.set(key, { target: { id: t.id, port }, registeredAt: this.now() });
    }
  }

  /**
   * DeregisterTargets: a registered target starts draining; a draining or unregistered one is
   * left as it is (so a retried call is harmless). A target whose instance does not exist (or
   * is terminated) and that is not registered is refused, as ELBv2 does.
   */
  deregister(arn: string, targets: Array<{ id: string; port?: number }>): void {
    const g = this.group(arn);
    this.health(arn);
    const invalid = targets.filter((t) => {
      const inst = this.ec2.instances.get(t.id);
      return (!inst || inst.state === 'terminated') && !g.registrations.has(`${t.id}:${t.port ?? g.port}`);
    });
    if (invalid.length) throw new AwsModelError('InvalidTarget', NO_TARGET);
    const leaving = new Set<string>();
    for (const t of targets) {
      const key = `${t.id}:${t.port ?? g.port}`;
      const r = g.registrations.get(key);
      if (r && r.deregisteredAt === undefined) {
        r.deregisteredAt = this.now();
        leaving.add(key);
      }
    }
    if (leaving.size === 0) return;
    for (const [key, r] of g.registrations) {
      if (!leaving.has(key) && r.deregisteredAt === undefined) r.othersDeregisteredAt ??= this.now();
    }
  }

  /** Registered, not draining, instance ids. */
  registeredIds(arn: string): string[] {
    this.health(arn);
    return [...this.group(arn).registrations.values()].filter((r) => r.deregisteredAt === undefined).map((r) => r.target.id);
  }

  healthyCount(arn: string): number {
    return this.health(arn).filter((h) => h.state === 'healthy').length;
  }

  /** The health of one registration now, or undefined once it has finished draining. */
  private healthOf(g: TargetGroupModel, r: Registration): TargetHealth | undefined {
    const t = r.target;
    const now = this.now();
    const inst = this.ec2.instances.get(t.id);
    if (r.deregisteredAt !== undefined) {
      const drainMs = Math.min(inst?.script.drainMs ?? g.deregistrationDelayMs, g.deregistrationDelayMs);
      if (now - r.deregisteredAt >= drainMs) return undefined;
      return { ...t, state: 'draining', reason: 'Target.DeregistrationInProgress', description: 'Target deregistration is in progress' };
    }
    const up = inst ? this.ec2.runningForMs(inst) : undefined;
    if (!inst || up === undefined) {
      return { ...t, state: 'unused', reason: 'Target.InvalidState', description: 'Target is in the stopped or terminated state' };
    }
    const reportedHealthyFor = r.reportedHealthyAt === undefined ? undefined : now - r.reportedHealthyAt;
    const othersDeregisteredFor = r.othersDeregisteredAt === undefined ? undefined : now - r.othersDeregisteredAt;
    return { ...t, ...applicationHealth(inst, now - Math.max(r.registeredAt, now - up), reportedHealthyFor, othersDeregisteredFor) };
  }
}

/**
 * What the health checks see `since` ms after the target could first be checked;
 * `reportedHealthyFor`: how long ago an answer first reported it healthy (undefined: never);
 * `othersDeregisteredFor`: how long ago another target of the group was deregistered.
 */
function applicationHealth(
  inst: ModelInstance,
  since: number,
  reportedHealthyFor: number | undefined,
  othersDeregisteredFor: number | undefined,
): Pick<TargetHealth, 'state' | 'reason' | 'description'> {
  const s = inst.script;
  const needed = s.healthyAfterMs ?? SCRIPT_DEFAULTS.healthyAfterMs;
  const failing = { state: 'unhealthy', reason: 'Target.ResponseCodeMismatch', description: 'Health checks failed with these codes: [502]' } as const;
  if (!s.neverHealthy && since >= needed) {
    if (s.unhealthyAfterMs !== undefined && reportedHealthyFor !== undefined && reportedHealthyFor >= s.unhealthyAfterMs) return failing;
    const afterOthers = s.unhealthyAfterOthersDeregisteredMs;
    if (afterOthers !== undefined && othersDeregisteredFor !== undefined && othersDeregisteredFor >= afterOthers) return failing;
    return { state: 'healthy' };
  }
  if (since < (s.initialMs ?? SCRIPT_DEFAULTS.initialMs)) {
    return { state: 'initial', reason: 'Elb.InitialHealthChecking', description: 'Initial health checks in progress' };
  }
  return failing;
}
