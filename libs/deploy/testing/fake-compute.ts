import { instancesResource } from '../src/aws/aws-resources';
import {
  LIVE_STATES,
  type Compute,
  type Instance,
  type InstanceFilter,
  type LaunchSpec,
  type StatusChecks,
  type SubnetFacts,
  type SubnetLookup,
} from '../src/ports/compute';
import { Ec2Model, type Ec2Filter, type ModelInstance } from './aws-model/ec2-model';
import { asAwsCall } from './aws-model/fake-errors';
import type { InstanceScript } from './aws-model/instance-script';
import { AwsModelError } from './aws-model/model-error';
import type { FakeClock } from './fake-clock';
import { withFault } from './fake-faults';
import { FaultInjector } from './faults/fault-injector';

/** How a launched fake instance behaves over (virtual) time: see aws-model/instance-script.ts. */
export type FakeInstanceScript = InstanceScript;
export type FakeInstance = ModelInstance;

export interface FakeCall {
  method: string;
  args: unknown[];
  at: number;
  mutating: boolean;
}

const MUTATING = new Set(['launch', 'terminate', 'tag', 'untag']);

/**
 * In-memory EC2 on a FakeClock, serving the SAME state model as the wire stand-in
 * (aws-model/ec2-model.ts), so fakes and wire cannot drift: the contract suite runs one list
 * of expectations against both. Records every call, can throttle any method, and tells
 * listeners about every change so a fake load balancer can check invariants.
 */
export class FakeCompute implements Compute, SubnetLookup {
  readonly model: Ec2Model;
  readonly calls: FakeCall[] = [];
  /** Faults per call, in the wire stand-in's rules (shared with the fake load balancer). */
  readonly faults: FaultInjector;
  private throttles = new Map<string, number>();

  constructor(
    private readonly clock: FakeClock,
    options: { defaultScript?: FakeInstanceScript; model?: Ec2Model; faults?: FaultInjector } = {},
  ) {
    this.model = options.model ?? new Ec2Model(() => clock.now(), options.defaultScript ?? {});
    this.faults = options.faults ?? new FaultInjector({ now: () => clock.now() });
    clock.onAdvance(() => this.model.advance());
  }

  get instances(): Map<string, FakeInstance> {
    return this.model.instances;
  }

  /** Scripts for the next launched instances, in order; later ones use the default. */
  scriptNextLaunches(...scripts: FakeInstanceScript[]): void {
    this.model.scriptNextLaunches(...scripts);
  }

  /** The next `times` calls to `method` fail with EC2's throttling error. */
  throttle(method: keyof Compute, times: number): void {
    this.throttles.set(method, times);
  }

  /** Adds an existing instance (already running, status ok). */
  seed(partial: Partial<FakeInstance> & { tags: Record<string, string> }): FakeInstance {
    return this.model.seed(partial);
  }

  onChange(listener: () => void): void {
    this.model.onChange(listener);
  }

  mutatingCalls(): FakeCall[] {
    return this.calls.filter((c) => c.mutating);
  }

  live(): FakeInstance[] {
    return this.model.live();
  }

  /** "AWS" terminates an instance (capacity, spot, a person in the console). */
  terminateByAws(id: string, reason?: string): void {
    this.model.terminateByAws(id, reason);
  }

  /** Milliseconds since the instance entered `running`, or undefined. */
  runningForMs(i: FakeInstance): number | undefined {
    return this.model.runningForMs(i);
  }

  async findInstances(filter: InstanceFilter): Promise<Instance[]> {
    this.record('findInstances', [filter]);
    const filters: Ec2Filter[] = Object.entries(filter.tags).map(([k, v]) => ({ name: `tag:${k}`, values: [v] }));
    for (const key of filter.tagKeys ?? []) filters.push({ name: 'tag-key', values: [key] });
    filters.push({ name: 'instance-state-name', values: [...(filter.states ?? LIVE_STATES)] });
    return this.ec2('DescribeInstances', [], () => this.model.find(filters).map((i) => this.model.view(i)));
  }

  async describeInstances(ids: string[]): Promise<Instance[]> {
    this.record('describeInstances', [ids]);
    if (ids.length === 0) return [];
    return this.ec2('DescribeInstances', ids, () => this.model.find([{ name: 'instance-id', values: ids }]).map((i) => this.model.view(i)));
  }

  async launch(spec: LaunchSpec): Promise<Instance[]> {
    this.record('launch', [spec]);
    return (await this.ec2('RunInstances', [spec.subnetId], () => asAwsCall('EC2', 'RunInstances', spec.subnetId, () => this.model.launch(spec)))).map((i) => this.model.view(i));
  }

  async statusChecks(ids: string[]): Promise<Record<string, StatusChecks>> {
    this.record('statusChecks', [ids]);
    return this.ec2('DescribeInstanceStatus', ids, () => this.model.statusChecks(ids.filter((id) => this.model.instances.has(id))));
  }

  async terminate(ids: string[]): Promise<void> {
    this.record('terminate', [ids]);
    if (ids.length === 0) return;
    await this.ec2('TerminateInstances', ids, () => asAwsCall('EC2', 'TerminateInstances', instancesResource(ids), () => this.model.terminate(ids)));
  }

  async tag(ids: string[], tags: Record<string, string>): Promise<void> {
    this.record('tag', [ids, tags]);
    if (ids.length === 0) return;
    await this.ec2('CreateTags', ids, () => asAwsCall('EC2', 'CreateTags', instancesResource(ids), () => this.model.tag(ids, tags)));
  }

  async untag(ids: string[], keys: string[]): Promise<void> {
    this.record('untag', [ids, keys]);
    if (ids.length === 0 || keys.length === 0) return;
    await this.ec2('DeleteTags', ids, () => asAwsCall('EC2', 'DeleteTags', instancesResource(ids), () => this.model.untag(ids, keys)));
  }

  async consoleOutput(id: string): Promise<string> {
    this.record('consoleOutput', [id]);
    return this.ec2('GetConsoleOutput', [id], () => asAwsCall('EC2', 'GetConsoleOutput', id, () => this.model.consoleOutput(id)));
  }

  /** One EC2 call through the fault rules. */
  private ec2<T>(operation: string, resources: string[], apply: () => T): Promise<T> {
    return withFault(this.faults, this.clock, { service: 'EC2', operation, resources, resource: resources.length ? instancesResource(resources) : undefined }, apply);
  }

  async subnetFacts(subnetId: string): Promise<SubnetFacts | undefined> {
    this.record('subnetFacts', [subnetId]);
    const network = this.model.network;
    let subnet;
    try {
      subnet = network.subnet(subnetId);
    } catch (err) {
      if (err instanceof AwsModelError && err.code === 'InvalidSubnetID.NotFound') return undefined;
      throw err;
    }
    return {
      id: subnetId,
      vpcId: subnet.vpcId,
      mapPublicIpOnLaunch: subnet.mapPublicIpOnLaunch,
      vpcDnsHostnames: network.vpcAttribute(subnet.vpcId, 'enableDnsHostnames'),
      vpcDnsSupport: network.vpcAttribute(subnet.vpcId, 'enableDnsSupport'),
    };
  }

  private record(method: string, args: unknown[]): void {
    this.calls.push({ method, args, at: this.clock.now(), mutating: MUTATING.has(method) });
    const left = this.throttles.get(method) ?? 0;
    if (left > 0) {
      this.throttles.set(method, left - 1);
      throw Object.assign(new Error('Request limit exceeded.'), { name: 'RequestLimitExceeded' });
    }
  }
}
