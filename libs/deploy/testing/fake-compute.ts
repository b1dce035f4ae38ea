import {
  LIVE_STATES,
  type Compute,
  type Instance,
  type InstanceFilter,
  type InstanceState,
  type LaunchSpec,
  type StatusChecks,
} from '../src/ports/compute';
import type { FakeClock } from './fake-clock';
import { awsCallError, type FaultInjector, type FaultKind } from './fault-injector';

/** The EC2 operation behind each port method, for fault rules and error messages. */
export const EC2_OPERATIONS: Record<string, string> = {
  findInstances: 'DescribeInstances',
  describeInstances: 'DescribeInstances',
  launch: 'RunInstances',
  statusChecks: 'DescribeInstanceStatus',
  terminate: 'TerminateInstances',
  tag: 'CreateTags',
  untag: 'DeleteTags',
  consoleOutput: 'GetConsoleOutput',
};

/** How a launched fake instance behaves over (virtual) time. */
export interface FakeInstanceScript {
  /** pending → running after this long (default 30 s). */
  bootMs?: number;
  /** Status checks turn `ok` this long after running (default 60 s). */
  statusOkAfterMs?: number;
  /** Status checks stay `impaired` (a broken instance). */
  impaired?: boolean;
  /** The application answers its health check this long after registration (default 45 s). */
  healthyAfterMs?: number;
  /** The application never answers its health check. */
  neverHealthy?: boolean;
  /** The target turns unhealthy this long after it first became healthy (a release that fails after warm-up). */
  failsAfterHealthyMs?: number;
  /** AWS terminates the instance this long after launch, while pending (e.g. capacity). */
  terminatedByAwsAfterMs?: number;
  terminatedReason?: string;
  /** What GetConsoleOutput returns. */
  consoleOutput?: string;
}

export interface FakeInstance extends Instance {
  script: FakeInstanceScript;
  launchedAtMs: number;
  clientToken?: string;
  userData?: string;
}

export interface FakeCall {
  method: string;
  args: unknown[];
  at: number;
  mutating: boolean;
}

const MUTATING = new Set(['launch', 'terminate', 'tag', 'untag']);

/**
 * In-memory EC2 driven by a FakeClock: instances boot, pass status checks, get terminated by
 * "AWS", and print console output as scripted. Records every call, can throttle any method,
 * and tells listeners about every change so a fake load balancer can check invariants.
 */
export class FakeCompute implements Compute {
  readonly instances = new Map<string, FakeInstance>();
  readonly calls: FakeCall[] = [];
  private seq = 0;
  private scripts: FakeInstanceScript[] = [];
  private defaultScript: FakeInstanceScript;
  private throttles = new Map<string, number>();
  private listeners: Array<() => void> = [];
  /** Faults injected per EC2 operation (shared with the fake load balancer). */
  faults?: FaultInjector;
  /** What the last change was (for the load balancer's invariant checks): a method name, or "time". */
  lastCause = 'time';

  constructor(
    private readonly clock: FakeClock,
    options: { defaultScript?: FakeInstanceScript; faults?: FaultInjector } = {},
  ) {
    this.defaultScript = options.defaultScript ?? {};
    this.faults = options.faults;
    clock.onAdvance(() => this.tick());
  }

  /** Scripts for the next launched instances, in order; later ones use the default. */
  scriptNextLaunches(...scripts: FakeInstanceScript[]): void {
    this.scripts.push(...scripts);
  }

  /** The next `times` calls to `method` fail with EC2's throttling error. */
  throttle(method: keyof Compute, times: number): void {
    this.throttles.set(method, times);
  }

  /** Adds an existing instance (already running, status ok). */
  seed(partial: Partial<FakeInstance> & { tags: Record<string, string> }): FakeInstance {
    const id = partial.id ?? this.nextId();
    const inst: FakeInstance = {
      state: 'running',
      launchedAt: new Date(this.clock.now() - 86_400_000),
      launchedAtMs: this.clock.now() - 86_400_000,
      script: { bootMs: 0, statusOkAfterMs: 0, healthyAfterMs: 0 },
      imageId: 'ami-old',
      instanceType: 't3.small',
      publicDnsName: `${id}.compute.example`,
      ...partial,
      id,
    };
    this.instances.set(id, inst);
    return inst;
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  mutatingCalls(): FakeCall[] {
    return this.calls.filter((c) => c.mutating);
  }

  live(): FakeInstance[] {
    return [...this.instances.values()].filter((i) => LIVE_STATES.includes(i.state));
  }

  /** "AWS" terminates an instance (capacity, spot, a person in the console). */
  terminateByAws(id: string, reason = 'Server.InternalError: Client.InstanceInitiatedShutdown'): void {
    const inst = this.instances.get(id);
    if (!inst) return;
    inst.state = 'terminated';
    inst.stateReason = reason;
    this.changed('aws');
  }

  async findInstances(filter: InstanceFilter): Promise<Instance[]> {
    this.lost(this.record('findInstances', [filter]));
    const states = filter.states ?? LIVE_STATES;
    return [...this.instances.values()]
      .filter((i) => states.includes(i.state))
      .filter((i) => Object.entries(filter.tags).every(([k, v]) => i.tags[k] === v))
      .filter((i) => (filter.tagKeys ?? []).every((k) => k in i.tags))
      .map(snapshot);
  }

  async describeInstances(ids: string[]): Promise<Instance[]> {
    this.lost(this.record('describeInstances', [ids]));
    return ids.flatMap((id) => {
      const i = this.instances.get(id);
      return i ? [snapshot(i)] : [];
    });
  }

  async launch(spec: LaunchSpec): Promise<Instance[]> {
    const fault = this.record('launch', [spec]);
    // Idempotency: the same client token returns the instances of the first call.
    const earlier = [...this.instances.values()].filter((i) => i.clientToken === spec.clientToken);
    if (earlier.length > 0) {
      this.lost(fault);
      return earlier.map(snapshot);
    }
    const launched: FakeInstance[] = [];
    for (let n = 0; n < (spec.count ?? 1); n++) {
      const id = this.nextId();
      const inst: FakeInstance = {
        id,
        state: 'pending',
        launchedAt: new Date(this.clock.now()),
        launchedAtMs: this.clock.now(),
        tags: { ...spec.tags },
        imageId: spec.imageId,
        instanceType: spec.instanceType,
        publicDnsName: `${id}.compute.example`,
        privateIpAddress: `10.0.0.${this.seq}`,
        script: { ...this.defaultScript, ...(this.scripts.shift() ?? {}) },
        clientToken: spec.clientToken,
        userData: spec.userData,
      };
      this.instances.set(id, inst);
      launched.push(inst);
    }
    this.changed('launch');
    this.lost(fault);
    return launched.map(snapshot);
  }

  async statusChecks(ids: string[]): Promise<Record<string, StatusChecks>> {
    this.lost(this.record('statusChecks', [ids]));
    const out: Record<string, StatusChecks> = {};
    for (const id of ids) {
      const i = this.instances.get(id);
      if (!i) continue;
      out[id] = { system: this.checkStatus(i), instance: this.checkStatus(i) };
    }
    return out;
  }

  async terminate(ids: string[]): Promise<void> {
    const fault = this.record('terminate', [ids]);
    for (const id of ids) {
      const i = this.instances.get(id);
      if (i && i.state !== 'terminated') i.state = 'terminated';
    }
    this.changed('terminate');
    this.lost(fault);
  }

  async tag(ids: string[], tags: Record<string, string>): Promise<void> {
    const fault = this.record('tag', [ids, tags]);
    for (const id of ids) Object.assign(this.instances.get(id)?.tags ?? {}, tags);
    this.changed('tag');
    this.lost(fault);
  }

  async untag(ids: string[], keys: string[]): Promise<void> {
    const fault = this.record('untag', [ids, keys]);
    for (const id of ids) {
      const inst = this.instances.get(id);
      for (const k of keys) if (inst) delete inst.tags[k];
    }
    this.changed('untag');
    this.lost(fault);
  }

  async consoleOutput(id: string): Promise<string> {
    this.lost(this.record('consoleOutput', [id]));
    return this.instances.get(id)?.script.consoleOutput ?? '';
  }

  /** Milliseconds since the instance entered `running`, or undefined. */
  runningForMs(i: FakeInstance): number | undefined {
    if (i.state !== 'running') return undefined;
    return this.clock.now() - (i.launchedAtMs + (i.script.bootMs ?? 30_000));
  }

  private checkStatus(i: FakeInstance): StatusChecks['system'] {
    const up = this.runningForMs(i);
    if (up === undefined) return i.state === 'pending' ? 'initializing' : 'not-applicable';
    if (i.script.impaired) return up > 60_000 ? 'impaired' : 'initializing';
    return up >= (i.script.statusOkAfterMs ?? 60_000) ? 'ok' : 'initializing';
  }

  private tick(): void {
    let changed = false;
    const now = this.clock.now();
    for (const i of this.instances.values()) {
      const age = now - i.launchedAtMs;
      if (i.state === 'pending' && i.script.terminatedByAwsAfterMs !== undefined && age >= i.script.terminatedByAwsAfterMs) {
        i.state = 'terminated';
        i.stateReason = i.script.terminatedReason ?? 'Server.InsufficientInstanceCapacity: Insufficient capacity.';
        changed = true;
      } else if (i.state === 'pending' && age >= (i.script.bootMs ?? 30_000)) {
        i.state = 'running';
        changed = true;
      }
    }
    if (changed) this.changed();
  }

  /** Records the call; throws a fault that happens before AWS applies it; returns one that happens after. */
  private record(method: string, args: unknown[]): FaultKind | undefined {
    this.calls.push({ method, args, at: this.clock.now(), mutating: MUTATING.has(method) });
    const left = this.throttles.get(method) ?? 0;
    if (left > 0) {
      this.throttles.set(method, left - 1);
      throw Object.assign(new Error('Request limit exceeded.'), { name: 'RequestLimitExceeded' });
    }
    const fault = this.faults?.decide(EC2_OPERATIONS[method] ?? method);
    if (fault && fault !== 'lost-response') throw this.error(method, args, fault);
    this.pendingError = fault ? this.error(method, args, fault) : undefined;
    return fault;
  }

  private pendingError?: Error;

  /** A lost response: AWS applied the call, the answer never arrived. */
  private lost(fault: FaultKind | undefined): void {
    if (fault !== 'lost-response') return;
    const err = this.pendingError;
    this.pendingError = undefined;
    throw err;
  }

  private error(method: string, args: unknown[], kind: FaultKind): Error {
    const ids = Array.isArray(args[0]) ? (args[0] as string[]).join(', ') : typeof args[0] === 'string' ? args[0] : '';
    return awsCallError('EC2', EC2_OPERATIONS[method] ?? method, ids, kind);
  }

  private changed(cause = 'time'): void {
    this.lastCause = cause;
    for (const l of this.listeners) l();
    this.lastCause = 'time';
  }

  private nextId(): string {
    this.seq += 1;
    return `i-${String(this.seq).padStart(17, '0')}`;
  }
}

function snapshot(i: FakeInstance): Instance {
  const copy: Instance = { id: i.id, state: i.state as InstanceState, launchedAt: i.launchedAt, tags: { ...i.tags } };
  if (i.imageId) copy.imageId = i.imageId;
  if (i.instanceType) copy.instanceType = i.instanceType;
  if (i.publicDnsName && i.state === 'running') copy.publicDnsName = i.publicDnsName;
  if (i.privateIpAddress) copy.privateIpAddress = i.privateIpAddress;
  if (i.stateReason) copy.stateReason = i.stateReason;
  return copy;
}
