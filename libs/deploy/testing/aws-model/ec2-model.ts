import { LIVE_STATES, type CheckStatus, type Instance, type InstanceState, type LaunchSpec, type StatusChecks } from '../../src/ports/compute';
import { AwsModelError, instancesNotFound } from './model-error';
import { SCRIPT_DEFAULTS, type InstanceScript } from './instance-script';
import { NetworkModel } from './network-model';
import { matches, type Ec2Filter } from './ec2-filters';

export { stateCode, type Ec2Filter } from './ec2-filters';

/** One instance as the model keeps it: what EC2 says about it, plus how it behaves. */
export interface ModelInstance extends Instance {
  script: InstanceScript;
  launchedAtMs: number;
  clientToken?: string;
  userData?: string;
  /** The instance profile it was launched with (the role it reads its settings with). */
  instanceProfile?: LaunchSpec['instanceProfile'];
  subnetId?: string;
  /** What the launch asked for, to answer a repeated ClientToken as EC2 does. */
  launchSignature?: string;
}

/**
 * The EC2 state both the in-memory FakeCompute and the wire stand-in serve, so they cannot
 * drift: instances boot, pass status checks and are ended by "AWS" as their scripts say,
 * launches are idempotent by ClientToken, and unknown ids are refused as EC2 refuses them.
 * Time comes from `now()`; `advance()` applies what happened since and tells listeners.
 */
export class Ec2Model {
  readonly instances = new Map<string, ModelInstance>();
  readonly network = new NetworkModel();
  private seq = 0;
  private scripts: InstanceScript[] = [];
  private listeners: Array<() => void> = [];

  constructor(
    readonly now: () => number,
    public defaultScript: InstanceScript = {},
  ) {}

  /** Scripts for the next launched instances, in order; later ones use the default. */
  scriptNextLaunches(...scripts: InstanceScript[]): void {
    this.scripts.push(...scripts);
  }

  /** Changes how an instance behaves from now on (e.g. its application stops answering). */
  patchScript(id: string, patch: InstanceScript): void {
    const inst = this.instances.get(id);
    if (!inst) throw instancesNotFound([id]);
    Object.assign(inst.script, patch);
    this.changed();
  }

  /**
   * Adds an existing instance: by default running for a day, status ok, healthy once
   * registered. A seeded `pending` one was launched just now and boots as its script says.
   */
  seed(partial: Partial<ModelInstance> & { tags: Record<string, string> }): ModelInstance {
    const id = partial.id ?? this.nextId();
    const booting = partial.state === 'pending';
    const at = booting ? this.now() : this.now() - 86_400_000;
    const inst: ModelInstance = {
      state: 'running',
      launchedAt: new Date(at),
      launchedAtMs: at,
      imageId: 'ami-old',
      instanceType: 't3.small',
      publicDnsName: `${id}.compute.example`,
      ...partial,
      script: booting ? { ...partial.script } : { bootMs: 0, statusOkAfterMs: 0, healthyAfterMs: 0, ...partial.script },
      id,
    };
    this.instances.set(id, inst);
    return inst;
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  live(): ModelInstance[] {
    return [...this.instances.values()].filter((i) => LIVE_STATES.includes(i.state));
  }

  /** Milliseconds since the instance entered `running`, or undefined when it is not running. */
  runningForMs(i: ModelInstance): number | undefined {
    if (i.state !== 'running') return undefined;
    return this.now() - (i.launchedAtMs + (i.script.bootMs ?? SCRIPT_DEFAULTS.bootMs));
  }

  /** "AWS" ends an instance (capacity, spot, a person in the console). */
  terminateByAws(id: string, reason = 'Server.InternalError: Client.InstanceInitiatedShutdown'): void {
    const inst = this.instances.get(id);
    if (!inst) return;
    inst.state = 'terminated';
    inst.stateReason = reason;
    this.changed();
  }

  /** Applies what happened since the last look (boots, terminations by AWS). */
  advance(): void {
    let changed = false;
    const now = this.now();
    for (const i of this.instances.values()) {
      if (i.state !== 'pending') continue;
      const age = now - i.launchedAtMs;
      if (i.script.terminatedByAwsAfterMs !== undefined && age >= i.script.terminatedByAwsAfterMs) {
        i.state = 'terminated';
        i.stateReason = i.script.terminatedReason ?? 'Server.InsufficientInstanceCapacity: Insufficient capacity.';
        changed = true;
      } else if (age >= (i.script.bootMs ?? SCRIPT_DEFAULTS.bootMs)) {
        i.state = 'running';
        changed = true;
      }
    }
    if (changed) this.changed();
  }

  /** DescribeInstances with Filters: every instance matching all filters (none: every instance). */
  find(filters: Ec2Filter[]): ModelInstance[] {
    this.advance();
    return [...this.instances.values()].filter((i) => filters.every((f) => matches(i, f)));
  }

  /** DescribeInstances with InstanceIds: EC2 refuses the whole call when any id is unknown. */
  describe(ids: string[]): ModelInstance[] {
    this.advance();
    return ids.map((id) => this.get(ids, id));
  }

  launch(spec: LaunchSpec): ModelInstance[] {
    this.advance();
    const count = spec.count ?? 1;
    const signature = JSON.stringify([spec.imageId, spec.instanceType, spec.subnetId, count]);
    // Idempotency: the same ClientToken returns the instances of the first call; the same
    // token with other parameters is refused, as EC2 does.
    const earlier = [...this.instances.values()].filter((i) => i.clientToken === spec.clientToken);
    if (earlier.length > 0) {
      if (earlier[0].launchSignature !== signature) {
        throw new AwsModelError('IdempotentParameterMismatch', `The client token '${spec.clientToken}' was used with different parameters.`);
      }
      return earlier;
    }
    const subnet = this.network.subnet(spec.subnetId);
    const launched: ModelInstance[] = [];
    for (let n = 0; n < count; n++) {
      const id = this.nextId();
      const inst: ModelInstance = {
        id,
        state: 'pending',
        launchedAt: new Date(this.now()),
        launchedAtMs: this.now(),
        tags: { ...spec.tags },
        imageId: spec.imageId,
        instanceType: spec.instanceType,
        privateIpAddress: `10.0.0.${this.seq}`,
        script: { ...this.defaultScript, ...(this.scripts.shift() ?? {}) },
        clientToken: spec.clientToken,
        userData: spec.userData,
        instanceProfile: spec.instanceProfile,
        subnetId: spec.subnetId,
        launchSignature: signature,
      };
      // A public DNS name needs a public IP (the subnet's MapPublicIpOnLaunch) and DNS host names in the VPC.
      if (this.network.givesPublicDns(subnet)) inst.publicDnsName = `${id}.compute.example`;
      this.instances.set(id, inst);
      launched.push(inst);
    }
    this.changed();
    return launched;
  }

  /** DescribeInstanceStatus with IncludeAllInstances. */
  statusChecks(ids: string[]): Record<string, StatusChecks> {
    this.advance();
    const out: Record<string, StatusChecks> = {};
    for (const id of ids) {
      const i = this.get(ids, id);
      out[id] = { system: this.checkStatus(i), instance: this.checkStatus(i) };
    }
    return out;
  }

  /** Terminating an instance that is already terminated succeeds (EC2 answers its state). */
  terminate(ids: string[]): Array<{ id: string; previous: InstanceState; current: InstanceState }> {
    this.advance();
    const found = ids.map((id) => this.get(ids, id));
    const changes = found.map((i) => {
      const previous = i.state;
      i.state = 'terminated';
      return { id: i.id, previous, current: i.state };
    });
    this.changed();
    return changes;
  }

  tag(ids: string[], tags: Record<string, string>): void {
    const found = ids.map((id) => this.get(ids, id));
    for (const i of found) Object.assign(i.tags, tags);
    this.changed();
  }

  untag(ids: string[], keys: string[]): void {
    const found = ids.map((id) => this.get(ids, id));
    for (const i of found) for (const k of keys) delete i.tags[k];
    this.changed();
  }

  consoleOutput(id: string): string {
    return this.get([id], id).script.consoleOutput ?? '';
  }

  /** What DescribeInstances shows: a public DNS name only while running. */
  view(i: ModelInstance): Instance {
    const copy: Instance = { id: i.id, state: i.state, launchedAt: i.launchedAt, tags: { ...i.tags } };
    if (i.imageId) copy.imageId = i.imageId;
    if (i.instanceType) copy.instanceType = i.instanceType;
    if (i.publicDnsName && i.state === 'running') copy.publicDnsName = i.publicDnsName;
    if (i.privateIpAddress) copy.privateIpAddress = i.privateIpAddress;
    if (i.stateReason) copy.stateReason = i.stateReason;
    return copy;
  }

  private get(all: string[], id: string): ModelInstance {
    const inst = this.instances.get(id);
    if (!inst) throw instancesNotFound(all.filter((x) => !this.instances.has(x)));
    return inst;
  }

  private checkStatus(i: ModelInstance): CheckStatus {
    const up = this.runningForMs(i);
    if (up === undefined) return i.state === 'pending' ? 'initializing' : 'not-applicable';
    if (i.script.impaired) return up > 60_000 ? 'impaired' : 'initializing';
    return up >= (i.script.statusOkAfterMs ?? SCRIPT_DEFAULTS.statusOkAfterMs) ? 'ok' : 'initializing';
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }

  private nextId(): string {
    this.seq += 1;
    return `i-${String(this.seq).padStart(17, '0')}`;
  }
}
