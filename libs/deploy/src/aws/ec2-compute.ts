import {
  CreateTagsCommand,
  DeleteTagsCommand,
  DescribeInstanceStatusCommand,
  EC2Client,
  GetConsoleOutputCommand,
  RunInstancesCommand,
  TerminateInstancesCommand,
  paginateDescribeInstances,
  waitUntilInstanceStatusOk,
  type Filter,
  type Instance as Ec2Instance,
  type Tag,
} from '@aws-sdk/client-ec2';
import { DeployError, WaitTimeoutError } from '../log/errors';
import {
  LIVE_STATES,
  type CheckStatus,
  type Compute,
  type Instance,
  type InstanceFilter,
  type InstanceState,
  type LaunchSpec,
  type StatusChecks,
  type WaitOptions,
  USER_DATA_LIMIT_BYTES,
} from '../ports/compute';
import { awsClientSettings } from './client-config';


/** The Compute port on EC2. Translates our words to SDK commands and back; nothing else. */
export class Ec2Compute implements Compute {
  constructor(private readonly client: EC2Client) {}

  async findInstances(filter: InstanceFilter): Promise<Instance[]> {
    const filters: Filter[] = Object.entries(filter.tags).map(([k, v]) => ({ Name: `tag:${k}`, Values: [v] }));
    for (const key of filter.tagKeys ?? []) filters.push({ Name: 'tag-key', Values: [key] });
    // Without a state filter AWS also returns terminated instances (visible for about an hour)
    // and stopped ones; acting on those is how the seed re-terminated dead previews (defect 9).
    filters.push({ Name: 'instance-state-name', Values: [...(filter.states ?? LIVE_STATES)] });
    return this.collect({ Filters: filters });
  }

  async describeInstances(ids: string[]): Promise<Instance[]> {
    if (ids.length === 0) return [];
    try {
      return await this.collect({ InstanceIds: ids });
    } catch (err) {
      // EC2 is eventually consistent: an instance launched a moment ago may be unknown yet.
      if ((err as { name?: string }).name === 'InvalidInstanceID.NotFound') return [];
      throw err;
    }
  }

  async launch(spec: LaunchSpec): Promise<Instance[]> {
    const size = Buffer.byteLength(spec.userData, 'utf8');
    if (size > USER_DATA_LIMIT_BYTES) {
      throw new DeployError(`The startup script is ${size} bytes; EC2 accepts at most ${USER_DATA_LIMIT_BYTES}.`, {
        hint: 'Shorten the startup script (move logic into the artifact).',
      });
    }
    const count = spec.count ?? 1;
    const tags: Tag[] = Object.entries(spec.tags).map(([Key, Value]) => ({ Key, Value }));
    const out = await this.send(
      new RunInstancesCommand({
        ImageId: spec.imageId,
        InstanceType: spec.instanceType as never,
        SubnetId: spec.subnetId,
        SecurityGroupIds: spec.securityGroupIds,
        MinCount: count,
        MaxCount: count,
        UserData: Buffer.from(spec.userData, 'utf8').toString('base64'),
        ClientToken: spec.clientToken,
        IamInstanceProfile: 'arn' in spec.instanceProfile ? { Arn: spec.instanceProfile.arn } : { Name: spec.instanceProfile.name },
        // IMDSv2 only, and one hop: the role's credentials answer neither a forged plain GET
        // (SSRF) nor a container behind a bridge on this host.
        MetadataOptions: { HttpTokens: 'required', HttpEndpoint: 'enabled', HttpPutResponseHopLimit: 1 },
        TagSpecifications: [
          { ResourceType: 'instance', Tags: tags },
          { ResourceType: 'volume', Tags: tags },
        ],
      }),
    );
    return (out.Instances ?? []).map(toInstance);
  }

  /** RunInstances, with the instance-profile refusals (a typo, a missing iam:PassRole) explained. */
  private async send(command: RunInstancesCommand) {
    try {
      return await this.client.send(command);
    } catch (err) {
      const message = (err as Error).message ?? '';
      const profile = command.input.IamInstanceProfile;
      if (/iam ?instance ?profile|iam:PassRole/i.test(message) && profile) {
        throw new DeployError(`EC2 refused the instance profile ${profile.Arn ?? profile.Name}: ${message}`, {
          cause: err,
          hint: 'Check that *_AWS_INSTANCE_PROFILE names an existing instance profile (a new one takes a few seconds to be usable), and that the deploy user may iam:PassRole its role to ec2.amazonaws.com (see "IAM policies" in the README).',
        });
      }
      throw err;
    }
  }

  async statusChecks(ids: string[]): Promise<Record<string, StatusChecks>> {
    const result: Record<string, StatusChecks> = {};
    if (ids.length === 0) return result;
    const out = await this.client.send(new DescribeInstanceStatusCommand({ InstanceIds: ids, IncludeAllInstances: true }));
    for (const s of out.InstanceStatuses ?? []) {
      if (!s.InstanceId) continue;
      result[s.InstanceId] = {
        system: (s.SystemStatus?.Status ?? 'initializing') as CheckStatus,
        instance: (s.InstanceStatus?.Status ?? 'initializing') as CheckStatus,
      };
    }
    return result;
  }

  /** Waiter-based helper (the SDK's InstanceStatusOk waiter), bounded by `timeoutMs`. */
  async waitUntilStatusOk(ids: string[], options: WaitOptions): Promise<void> {
    // The SDK insists on maxWaitTime > minDelay (15 s by default for this waiter).
    const maxWaitTime = Math.max(16, Math.ceil(options.timeoutMs / 1000));
    try {
      await waitUntilInstanceStatusOk({ client: this.client, maxWaitTime, abortSignal: options.signal }, { InstanceIds: ids });
    } catch (err) {
      if ((err as { name?: string }).name === 'TimeoutError') throw new WaitTimeoutError(`status checks of ${ids.join(', ')}`, options.timeoutMs);
      throw err;
    }
  }

  async terminate(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.client.send(new TerminateInstancesCommand({ InstanceIds: ids }));
  }

  async tag(ids: string[], tags: Record<string, string>): Promise<void> {
    if (ids.length === 0) return;
    await this.client.send(
      new CreateTagsCommand({ Resources: ids, Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) }),
    );
  }

  async untag(ids: string[], keys: string[]): Promise<void> {
    if (ids.length === 0 || keys.length === 0) return;
    await this.client.send(new DeleteTagsCommand({ Resources: ids, Tags: keys.map((Key) => ({ Key })) }));
  }

  async consoleOutput(id: string): Promise<string> {
    let out;
    try {
      out = await this.client.send(new GetConsoleOutputCommand({ InstanceId: id, Latest: true }));
    } catch (err) {
      // `Latest` works on Nitro instances only; older types answer UnsupportedOperation.
      if ((err as { name?: string }).name !== 'UnsupportedOperation') throw err;
      out = await this.client.send(new GetConsoleOutputCommand({ InstanceId: id }));
    }
    return out.Output ? Buffer.from(out.Output, 'base64').toString('utf8') : '';
  }

  private async collect(input: { Filters?: Filter[]; InstanceIds?: string[] }): Promise<Instance[]> {
    const found: Instance[] = [];
    for await (const page of paginateDescribeInstances({ client: this.client }, input)) {
      for (const r of page.Reservations ?? []) for (const i of r.Instances ?? []) found.push(toInstance(i));
    }
    return found;
  }
}

export function createEc2Compute(region: string, env: Record<string, string | undefined> = process.env): Ec2Compute {
  return new Ec2Compute(new EC2Client(awsClientSettings('EC2', region, { env })));
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
