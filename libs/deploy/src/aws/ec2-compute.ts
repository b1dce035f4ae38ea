import {
  CreateTagsCommand,
  DeleteTagsCommand,
  DescribeInstancesCommand,
  DescribeInstanceStatusCommand,
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  EC2Client,
  GetConsoleOutputCommand,
  RunInstancesCommand,
  TerminateInstancesCommand,
  type Filter,
  type Instance as Ec2Instance,
  type Tag,
} from '@aws-sdk/client-ec2';
import { DeployError } from '../log/errors';
import type { DeployLogger } from '../log/logger';
import { AwsCallError, isAwsError } from '../ports/aws-call-error';
import type { Clock } from '../ports/clock';
import {
  LIVE_STATES,
  type CheckStatus,
  type Compute,
  type Instance,
  type InstanceFilter,
  type InstanceState,
  type LaunchSpec,
  type StatusChecks,
  type SubnetFacts,
  type SubnetLookup,
} from '../ports/compute';
import { assertUserDataSize, encodeUserData } from '../startup/user-data';
import { awsCallContext, callAws, warnOnRetry, type AwsCallContext, type RetryPolicy } from './aws-call';
import { instancesResource } from './aws-resources';
import { awsClientSettings } from './client-config';
import { withCredentials } from './credentials-from-env';

export interface AwsAdapterOptions {
  retry?: Partial<RetryPolicy>;
  clock?: Clock;
  /** Where retries past the second are reported. */
  logger?: Pick<DeployLogger, 'warn'>;
}

/**
 * The Compute port on EC2. Translates our words to SDK commands and back; every call goes
 * through callAws (bounded retries, errors that name the call).
 */
export class Ec2Compute implements Compute, SubnetLookup {
  private readonly ctx: AwsCallContext;

  constructor(
    private readonly client: EC2Client,
    options: AwsAdapterOptions = {},
  ) {
    this.ctx = awsCallContext({ ...options, onRetry: options.logger && warnOnRetry((m) => options.logger?.warn(m)) });
  }

  async findInstances(filter: InstanceFilter): Promise<Instance[]> {
    const filters: Filter[] = Object.entries(filter.tags).map(([k, v]) => ({ Name: `tag:${k}`, Values: [v] }));
    for (const key of filter.tagKeys ?? []) filters.push({ Name: 'tag-key', Values: [key] });
    // Without a state filter AWS also returns terminated instances (visible for about an hour)
    // and stopped ones; acting on those is how the seed re-terminated dead previews (defect 9).
    filters.push({ Name: 'instance-state-name', Values: [...(filter.states ?? LIVE_STATES)] });
    const resource = [...Object.entries(filter.tags).map(([k, v]) => `${k}=${v}`), ...(filter.tagKeys ?? [])].join(', ');
    return this.collect({ Filters: filters }, resource);
  }

  async describeInstances(ids: string[]): Promise<Instance[]> {
    if (ids.length === 0) return [];
    // The instance-id FILTER, not InstanceIds: EC2 refuses a whole InstanceIds call when one id
    // is unknown (just launched, eventual consistency), and the others would be lost with it.
    return this.collect({ Filters: [{ Name: 'instance-id', Values: ids }] }, instancesResource(ids));
  }

  async launch(spec: LaunchSpec): Promise<Instance[]> {
    // Checked here, before RunInstances: EC2 would refuse it anyway, after the plan had begun.
    assertUserDataSize(spec.userData);
    const count = spec.count ?? 1;
    const tags: Tag[] = Object.entries(spec.tags).map(([Key, Value]) => ({ Key, Value }));
    const input = {
      ImageId: spec.imageId,
      InstanceType: spec.instanceType as never,
      SubnetId: spec.subnetId,
      SecurityGroupIds: spec.securityGroupIds,
      MinCount: count,
      MaxCount: count,
      // Gzip-compressed: cloud-init unpacks it; EC2's 16 KiB counts the compressed bytes.
      UserData: encodeUserData(spec.userData),
      // The same token on every attempt: a retry after a lost response returns the instances
      // of the first attempt instead of starting a second set.
      ClientToken: spec.clientToken,
      IamInstanceProfile: 'arn' in spec.instanceProfile ? { Arn: spec.instanceProfile.arn } : { Name: spec.instanceProfile.name },
      // IMDSv2 only, and one hop: the role's credentials answer neither a forged plain GET
      // (SSRF) nor a container behind a bridge on this host.
      MetadataOptions: { HttpTokens: 'required' as const, HttpEndpoint: 'enabled' as const, HttpPutResponseHopLimit: 1 },
      TagSpecifications: [
        { ResourceType: 'instance' as const, Tags: tags },
        { ResourceType: 'volume' as const, Tags: tags },
      ],
    };
    // Explained after the call (its retries and naming) has given up, from EC2's own message.
    const out = await this.call('RunInstances', `${count} × ${spec.instanceType} from ${spec.imageId}, token ${spec.clientToken}`, (abortSignal) =>
      this.client.send(new RunInstancesCommand(input), { abortSignal }),
    ).catch((err: unknown) => {
      throw explainInstanceProfile(err, spec.instanceProfile);
    });
    return (out.Instances ?? []).map(toInstance);
  }

  async statusChecks(ids: string[]): Promise<Record<string, StatusChecks>> {
    const result: Record<string, StatusChecks> = {};
    let asked = [...ids];
    // An id EC2 does not know yet fails the whole call: drop the ids it names and ask again.
    for (let round = 0; asked.length > 0 && round < 3; round++) {
      try {
        const out = await this.call('DescribeInstanceStatus', instancesResource(asked), (abortSignal) =>
          this.client.send(new DescribeInstanceStatusCommand({ InstanceIds: asked, IncludeAllInstances: true }), { abortSignal }),
        );
        for (const s of out.InstanceStatuses ?? []) {
          if (!s.InstanceId) continue;
          result[s.InstanceId] = {
            system: (s.SystemStatus?.Status ?? 'initializing') as CheckStatus,
            instance: (s.InstanceStatus?.Status ?? 'initializing') as CheckStatus,
          };
        }
        return result;
      } catch (err) {
        if (!isAwsError(err, 'InvalidInstanceID.NotFound')) throw err;
        const unknown = unknownInstanceIds(err.awsMessage);
        if (!unknown.some((id) => asked.includes(id))) throw err;
        asked = asked.filter((id) => !unknown.includes(id));
      }
    }
    return result;
  }

  async terminate(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.call('TerminateInstances', instancesResource(ids), (abortSignal) =>
      this.client.send(new TerminateInstancesCommand({ InstanceIds: ids }), { abortSignal }),
    );
  }

  async tag(ids: string[], tags: Record<string, string>): Promise<void> {
    if (ids.length === 0) return;
    const Tags = Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
    await this.call('CreateTags', instancesResource(ids), (abortSignal) => this.client.send(new CreateTagsCommand({ Resources: ids, Tags }), { abortSignal }));
  }

  async untag(ids: string[], keys: string[]): Promise<void> {
    if (ids.length === 0 || keys.length === 0) return;
    const Tags = keys.map((Key) => ({ Key }));
    await this.call('DeleteTags', instancesResource(ids), (abortSignal) => this.client.send(new DeleteTagsCommand({ Resources: ids, Tags }), { abortSignal }));
  }

  async consoleOutput(id: string): Promise<string> {
    let out;
    try {
      out = await this.call('GetConsoleOutput', id, (abortSignal) => this.client.send(new GetConsoleOutputCommand({ InstanceId: id, Latest: true }), { abortSignal }));
    } catch (err) {
      // `Latest` works on Nitro instances only; older types answer UnsupportedOperation.
      if (!isAwsError(err, 'UnsupportedOperation')) throw err;
      out = await this.call('GetConsoleOutput', id, (abortSignal) => this.client.send(new GetConsoleOutputCommand({ InstanceId: id }), { abortSignal }));
    }
    return out.Output ? Buffer.from(out.Output, 'base64').toString('utf8') : '';
  }

  async subnetFacts(subnetId: string): Promise<SubnetFacts | undefined> {
    let subnet;
    try {
      const out = await this.call('DescribeSubnets', subnetId, (abortSignal) => this.client.send(new DescribeSubnetsCommand({ SubnetIds: [subnetId] }), { abortSignal }));
      subnet = out.Subnets?.[0];
    } catch (err) {
      if (isAwsError(err, 'InvalidSubnetID.NotFound')) return undefined;
      throw err;
    }
    if (!subnet?.VpcId) return undefined;
    const vpcId = subnet.VpcId;
    const attribute = async (Attribute: 'enableDnsHostnames' | 'enableDnsSupport') => {
      const out = await this.call('DescribeVpcAttribute', `${vpcId} ${Attribute}`, (abortSignal) =>
        this.client.send(new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute }), { abortSignal }),
      );
      return (Attribute === 'enableDnsHostnames' ? out.EnableDnsHostnames?.Value : out.EnableDnsSupport?.Value) === true;
    };
    return {
      id: subnetId,
      vpcId,
      mapPublicIpOnLaunch: subnet.MapPublicIpOnLaunch === true,
      vpcDnsHostnames: await attribute('enableDnsHostnames'),
      vpcDnsSupport: await attribute('enableDnsSupport'),
    };
  }

  /** Every page; each page is its own call, retried on its own. */
  private async collect(input: { Filters: Filter[] }, resource: string): Promise<Instance[]> {
    const found: Instance[] = [];
    let NextToken: string | undefined;
    do {
      const page = await this.call('DescribeInstances', resource, (abortSignal) =>
        this.client.send(new DescribeInstancesCommand({ ...input, NextToken }), { abortSignal }),
      );
      for (const r of page.Reservations ?? []) for (const i of r.Instances ?? []) found.push(toInstance(i));
      NextToken = page.NextToken || undefined;
    } while (NextToken);
    return found;
  }

  private call<T>(operation: string, resource: string, attempt: (abortSignal: AbortSignal) => Promise<T>): Promise<T> {
    return callAws(this.ctx, { service: 'EC2', operation, resource }, attempt);
  }
}

export function createEc2Compute(region: string, env: Record<string, string | undefined> = process.env, options: AwsAdapterOptions = {}): Ec2Compute {
  // One attempt per send: callAws does the retrying, bounded and named.
  return new Ec2Compute(new EC2Client({ ...awsClientSettings('EC2', region, { env }), ...withCredentials(env), maxAttempts: 1 }), options);
}

/** The ids in EC2's "The instance ID 'i-1' does not exist" / "The instance IDs 'i-1, i-2' do not exist". */
export function unknownInstanceIds(message: string): string[] {
  const quoted = message.match(/'([^']*)'/)?.[1] ?? '';
  return quoted.split(',').map((s) => s.trim()).filter((s) => s.startsWith('i-'));
}

function toInstance(i: Ec2Instance): Instance {
  const tags: Record<string, string> = {};
  for (const t of i.Tags ?? []) if (t.Key) tags[t.Key] = t.Value ?? '';
  const instance: Instance = {
    id: i.InstanceId ?? '',
    state: (i.State?.Name ?? 'pending') as InstanceState,
    launchedAt: i.LaunchTime ? new Date(i.LaunchTime) : new Date(0),
    tags,
  };
  if (i.ImageId) instance.imageId = i.ImageId;
  if (i.InstanceType) instance.instanceType = i.InstanceType;
  if (i.PublicDnsName) instance.publicDnsName = i.PublicDnsName;
  if (i.PrivateIpAddress) instance.privateIpAddress = i.PrivateIpAddress;
  if (i.StateReason?.Message) instance.stateReason = i.StateReason.Message;
  return instance;
}

/** EC2's refusals of an instance profile (a typo, a missing iam:PassRole), explained. */
function explainInstanceProfile(err: unknown, profile: LaunchSpec['instanceProfile']): unknown {
  const sdkError = err instanceof AwsCallError && err.cause !== undefined ? err.cause : err;
  const message = (sdkError as Error)?.message ?? '';
  if (!/iam ?instance ?profile|iam:PassRole/i.test(message)) return err;
  return new DeployError(`EC2 refused the instance profile ${'arn' in profile ? profile.arn : profile.name}: ${message}`, {
    cause: err,
    hint: 'Check that *_AWS_INSTANCE_PROFILE names an existing instance profile (a new one takes a few seconds to be usable), and that the deploy user may iam:PassRole its role to ec2.amazonaws.com (see "IAM policies" in the README).',
  });
}
