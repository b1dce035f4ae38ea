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
  instanceProfile?: LaunchSpec['instanceProfile'];
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

  constructor(
    private readonly clock: FakeClock,
    options: { defaultScript?: FakeInstanceScript } = {},
  ) {
    this.defaultScript = options.defaultScript ?? {};
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
    this.changed();
  }

  async findInstances(filter: InstanceFilter): Promise<Instance[]> {
    this.record('findInstances', [filter]);
    const states = filter.states ?? LIVE_STATES;
    return [...this.instances.values()]
      .filter((i) => states.includes(i.state))
      .filter((i) => Object.entries(filter.tags).every(([k, v]) => i.tags[k] === v))
      .filter((i) => (filter.tagKeys ?? []).every((k) => k in i.tags))
      .map(snapshot);
  }

  async describeInstances(ids: string[]): Promise<Instance[]> {
    this.record('describeInstances', [ids]);
    return ids.flatMap((id) => {
      const i = this.instances.get(id);
      return i ? [snapshot(i)] : [];
    });
  }

  async launch(spec: LaunchSpec): Promise<Instance[]> {
    this.record('launch', [spec]);
    // Idempotency: the same client token returns the instances of the first call.
    const earlier = [...this.instances.values()].filter((i) => i.clientToken === spec.clientToken);
    if (earlier.length > 0) return earlier.map(snapshot);
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
        instanceProfile: spec.instanceProfile,
      };
      this.instances.set(id, inst);
      launched.push(inst);
    }
    this.changed();
    return launched.map(snapshot);
  }

  async statusChecks(ids: string[]): Promise<Record<string, StatusChecks>> {
    this.record('statusChecks', [ids]);
    const out: Record<string, StatusChecks> = {};
    for (const id of ids) {
      const i = this.instances.get(id);
      if (!i) continue;
      out[id] = { system: this.checkStatus(i), instance: this.checkStatus(i) };
    }
    return out;
  }

  async terminate(ids: string[]): Promise<void> {
    this.record('terminate', [ids]);
    for (const id of ids) {
      const i = this.instances.get(id);
      if (i && i.state !== 'terminated') i.state = 'terminated';
    }
    this.changed();
  }

  async tag(ids: string[], tags: Record<string, string>): Promise<void> {
    this.record('tag', [ids, tags]);
    for (const id of ids) Object.assign(this.instances.get(id)?.tags ?? {}, tags);
    this.changed();
  }

  async untag(ids: string[], keys: string[]): Promise<void> {
    this.record('untag', [ids, keys]);
    for (const id of ids) {
      const inst = this.instances.get(id);
      for (const k of keys) if (inst) delete inst.tags[k];
    }
    this.changed();
  }

  async consoleOutput(id: string): Promise<string> {
    this.record('consoleOutput', [id]);
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

  private record(method: string, args: unknown[]): void {
    this.calls.push({ method, args, at: this.clock.now(), mutating: MUTATING.has(method) });
    const left = this.throttles.get(method) ?? 0;
    if (left > 0) {
      this.throttles.set(method, left - 1);
      throw Object.assign(new Error('Request limit exceeded.'), { name: 'RequestLimitExceeded' });
    }
  }

  private changed(): void {
    for (const l of this.listeners) l();
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
