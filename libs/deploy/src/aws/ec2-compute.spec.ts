import {
  CreateTagsCommand,
  DeleteTagsCommand,
  DescribeInstancesCommand,
  DescribeInstanceStatusCommand,
  EC2Client,
  GetConsoleOutputCommand,
  RunInstancesCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { Ec2Compute, createEc2Compute } from './ec2-compute';
import { gunzipSync, gzipSync } from 'node:zlib';
import { highEntropyBytes } from '../../testing/presigned-url';

const ec2 = mockClient(EC2Client);
const client = () => new EC2Client({ region: 'us-east-1', credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' } });

beforeEach(() => ec2.reset());

describe('Ec2Compute.findInstances', () => {
  it('filters by tag AND instance-state-name (pending, running) and follows every page', async () => {
    ec2
      .on(DescribeInstancesCommand)
      .resolvesOnce({
        NextToken: 'page-2',
        Reservations: [{ Instances: [{ InstanceId: 'i-1', State: { Name: 'running' }, Tags: [{ Key: 'environment', Value: 'production' }], LaunchTime: new Date('2026-01-01T00:00:00Z') }] }],
      })
      .resolvesOnce({ Reservations: [{ Instances: [{ InstanceId: 'i-2', State: { Name: 'pending' }, PublicDnsName: 'ec2-1.example' }] }] });

    const found = await new Ec2Compute(client()).findInstances({ tags: { environment: 'production' } });

    expect(found.map((i) => [i.id, i.state])).toEqual([['i-1', 'running'], ['i-2', 'pending']]);
    expect(found[0].tags).toEqual({ environment: 'production' });
    expect(found[1].publicDnsName).toBe('ec2-1.example');
    const calls = ec2.commandCalls(DescribeInstancesCommand);
    expect(calls).toHaveLength(2);
    expect(calls[0].args[0].input.Filters).toEqual([
      { Name: 'tag:environment', Values: ['production'] },
      { Name: 'instance-state-name', Values: ['pending', 'running'] },
    ]);
    expect(calls[1].args[0].input.NextToken).toBe('page-2');
  });

  it('adds tag-key filters and explicit states', async () => {
    ec2.on(DescribeInstancesCommand).resolves({ Reservations: [] });
    await new Ec2Compute(client()).findInstances({ tags: {}, tagKeys: ['github-pr'], states: ['running', 'stopped'] });
    expect(ec2.commandCalls(DescribeInstancesCommand)[0].args[0].input.Filters).toEqual([
      { Name: 'tag-key', Values: ['github-pr'] },
      { Name: 'instance-state-name', Values: ['running', 'stopped'] },
    ]);
  });

  it('describes ids with the instance-id filter, so one unknown id does not hide the others', async () => {
    ec2.on(DescribeInstancesCommand).resolves({ Reservations: [{ Instances: [{ InstanceId: 'i-1', State: { Name: 'terminated' } }] }] });
    await expect(new Ec2Compute(client()).describeInstances(['i-1', 'i-new'])).resolves.toMatchObject([{ id: 'i-1', state: 'terminated' }]);
    expect(ec2.commandCalls(DescribeInstancesCommand)[0].args[0].input).toEqual({ Filters: [{ Name: 'instance-id', Values: ['i-1', 'i-new'] }] });
  });
});

describe('Ec2Compute.launch', () => {
  it('sends RunInstances with gzip-compressed base64 user data, tag specifications and the client token', async () => {
    ec2.on(RunInstancesCommand).resolves({ Instances: [{ InstanceId: 'i-9', State: { Name: 'pending' } }] });
    const script = '#!/bin/bash\necho "hello $USER"\n';

    const launched = await new Ec2Compute(client()).launch({
      imageId: 'ami-123',
      instanceType: 't3.small',
      subnetId: 'subnet-1',
      securityGroupIds: ['sg-1'],
      userData: script,
      instanceProfile: { name: 'eapd-api-production' },
      tags: { Name: 'api-production', environment: 'production', release: 'abc123' },
      clientToken: 'rollover-token-1',
      count: 2,
    });

    expect(launched.map((i) => i.id)).toEqual(['i-9']);
    const input = ec2.commandCalls(RunInstancesCommand)[0].args[0].input;
    const sent = Buffer.from(input.UserData ?? '', 'base64');
    expect([...sent.subarray(0, 2)]).toEqual([0x1f, 0x8b]);
    expect(gunzipSync(sent).toString('utf8')).toBe(script);
    expect(input).toMatchObject({
      ImageId: 'ami-123',
      InstanceType: 't3.small',
      SubnetId: 'subnet-1',
      SecurityGroupIds: ['sg-1'],
      MinCount: 2,
      MaxCount: 2,
      ClientToken: 'rollover-token-1',
      IamInstanceProfile: { Name: 'eapd-api-production' },
      // IMDSv2 only, one hop: no forged GET and no container on the host reaches the role's credentials.
      MetadataOptions: { HttpTokens: 'required', HttpEndpoint: 'enabled', HttpPutResponseHopLimit: 1 },
    });
    const tags = [
      { Key: 'Name', Value: 'api-production' },
      { Key: 'environment', Value: 'production' },
      { Key: 'release', Value: 'abc123' },
    ];
    expect(input.TagSpecifications).toEqual([
      { ResourceType: 'instance', Tags: tags },
      { ResourceType: 'volume', Tags: tags },
    ]);
  });

  it('counts the compressed bytes: a script far past 16 KiB plain that compresses well is launched', async () => {
    ec2.on(RunInstancesCommand).resolves({ Instances: [{ InstanceId: 'i-9', State: { Name: 'pending' } }] });
    const script = `#!/bin/bash\n${'echo a repeated line\n'.repeat(4_000)}`;
    await new Ec2Compute(client()).launch({ ...SMALL_SPEC, userData: script });
    const sent = Buffer.from(ec2.commandCalls(RunInstancesCommand)[0].args[0].input.UserData ?? '', 'base64');
    expect(sent.length).toBeLessThan(16 * 1024);
    expect(gunzipSync(sent).toString('utf8')).toBe(script);
  });

  it('refuses user data above 16 KiB compressed before calling AWS, naming the size and the limit', async () => {
    const userData = `#!/bin/bash\n# ${highEntropyBytes('too-big', 16 * 1024).toString('hex')}\n`;
    const compressed = gzipSync(userData).length;
    expect(compressed).toBeGreaterThan(16 * 1024);
    await expect(new Ec2Compute(client()).launch({ ...SMALL_SPEC, userData })).rejects.toThrow(
      new RegExp(`is ${compressed} bytes gzip-compressed \\(${Buffer.byteLength(userData)} bytes plain\\); EC2 user data is limited to 16384 bytes`),
    );
    expect(ec2.commandCalls(RunInstancesCommand)).toHaveLength(0);
  });
});

const SMALL_SPEC = { imageId: 'ami-1', instanceType: 't3.small', subnetId: 's', securityGroupIds: [], tags: {}, clientToken: 't', userData: '', instanceProfile: { name: 'p' } };

describe('Ec2Compute.launch: instance profile and key pairs', () => {
  const base = { imageId: 'ami-1', instanceType: 't3.small', subnetId: 's', securityGroupIds: ['sg-1'], tags: {}, clientToken: 't', userData: '#!/bin/bash\n' };

  it('passes an instance profile given by ARN as an ARN', async () => {
    ec2.on(RunInstancesCommand).resolves({ Instances: [{ InstanceId: 'i-1', State: { Name: 'pending' } }] });
    const arn = 'arn:aws:iam::123456789012:instance-profile/eapd/preview';
    await new Ec2Compute(client()).launch({ ...base, instanceProfile: { arn } });
    expect(ec2.commandCalls(RunInstancesCommand)[0].args[0].input.IamInstanceProfile).toEqual({ Arn: arn });
  });

  it('never names a key pair, whatever it launches (seed defect 15: personal SSH keys on the instances)', async () => {
    ec2.on(RunInstancesCommand).resolves({ Instances: [{ InstanceId: 'i-1', State: { Name: 'pending' } }] });
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          instanceType: fc.constantFrom('t3.small', 't3.medium', 'm7i.large'),
          count: fc.integer({ min: 1, max: 4 }),
          tags: fc.dictionary(fc.stringMatching(/^[a-z][a-z-]{0,15}$/), fc.string({ maxLength: 20 })),
          instanceProfile: fc.oneof(fc.record({ name: fc.stringMatching(/^[\w+=,.@-]{1,20}$/) }), fc.constant({ arn: 'arn:aws:iam::123456789012:instance-profile/x' })),
        }),
        async (spec) => {
          ec2.resetHistory();
          await new Ec2Compute(client()).launch({ ...base, ...spec });
          const input = ec2.commandCalls(RunInstancesCommand)[0].args[0].input;
          expect(input).not.toHaveProperty('KeyName');
          expect(JSON.stringify(input)).not.toMatch(/KeyName|eapd_bbrooks|tforkner_eapd/);
          expect(input.InstanceType).toBe(spec.instanceType);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('explains an instance profile EC2 refuses (typo, or no iam:PassRole)', async () => {
    ec2.on(RunInstancesCommand).rejects(Object.assign(new Error('Value (eapd-typo) for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name'), { name: 'InvalidParameterValue' }));
    const error = await new Ec2Compute(client()).launch({ ...base, instanceProfile: { name: 'eapd-typo' } }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^EC2 refused the instance profile eapd-typo: Value \(eapd-typo\)/);
    expect((error as { hint?: string }).hint).toMatch(/iam:PassRole/);
  });
});

describe('Ec2Compute other calls', () => {
  it('reads both status checks, including instances not yet running', async () => {
    ec2.on(DescribeInstanceStatusCommand).resolves({
      InstanceStatuses: [{ InstanceId: 'i-1', SystemStatus: { Status: 'ok' }, InstanceStatus: { Status: 'impaired' } }],
    });
    const checks = await new Ec2Compute(client()).statusChecks(['i-1']);
    expect(checks).toEqual({ 'i-1': { system: 'ok', instance: 'impaired' } });
    expect(ec2.commandCalls(DescribeInstanceStatusCommand)[0].args[0].input).toEqual({ InstanceIds: ['i-1'], IncludeAllInstances: true });
  });

  it('terminates, tags and untags with the exact inputs', async () => {
    ec2.on(TerminateInstancesCommand).resolves({}).on(CreateTagsCommand).resolves({}).on(DeleteTagsCommand).resolves({});
    const c = new Ec2Compute(client());
    await c.terminate(['i-1', 'i-2']);
    await c.tag(['i-1'], { 'rollover-in-progress': '2026-01-01T00:00:00.000Z' });
    await c.untag(['i-1'], ['rollover-in-progress']);
    await c.terminate([]);
    expect(ec2.commandCalls(TerminateInstancesCommand).map((x) => x.args[0].input)).toEqual([{ InstanceIds: ['i-1', 'i-2'] }]);
    expect(ec2.commandCalls(CreateTagsCommand)[0].args[0].input).toEqual({
      Resources: ['i-1'],
      Tags: [{ Key: 'rollover-in-progress', Value: '2026-01-01T00:00:00.000Z' }],
    });
    expect(ec2.commandCalls(DeleteTagsCommand)[0].args[0].input).toEqual({ Resources: ['i-1'], Tags: [{ Key: 'rollover-in-progress' }] });
  });

  it('decodes the latest console output, falling back when Latest is unsupported', async () => {
    ec2
      .on(GetConsoleOutputCommand, { InstanceId: 'i-1', Latest: true })
      .rejects(Object.assign(new Error('unsupported'), { name: 'UnsupportedOperation', $metadata: { httpStatusCode: 400 } }))
      .on(GetConsoleOutputCommand, { InstanceId: 'i-1' })
      .resolves({ Output: Buffer.from('step 3/7 failed\n').toString('base64') });
    await expect(new Ec2Compute(client()).consoleOutput('i-1')).resolves.toBe('step 3/7 failed\n');
    expect(ec2.commandCalls(GetConsoleOutputCommand)[0].args[0].input).toEqual({ InstanceId: 'i-1', Latest: true });
  });

  it('drops ids EC2 does not know yet from the status checks and asks again', async () => {
    ec2
      .on(DescribeInstanceStatusCommand, { InstanceIds: ['i-1', 'i-new'] })
      .rejects(Object.assign(new Error("The instance ID 'i-new' does not exist"), { name: 'InvalidInstanceID.NotFound', $metadata: { httpStatusCode: 400 } }))
      .on(DescribeInstanceStatusCommand, { InstanceIds: ['i-1'] })
      .resolves({ InstanceStatuses: [{ InstanceId: 'i-1', SystemStatus: { Status: 'ok' }, InstanceStatus: { Status: 'ok' } }] });
    await expect(new Ec2Compute(client()).statusChecks(['i-1', 'i-new'])).resolves.toEqual({ 'i-1': { system: 'ok', instance: 'ok' } });
  });

  it('honours AWS_ENDPOINT_URL_EC2', async () => {
    const c = createEc2Compute('us-west-2', { AWS_ENDPOINT_URL_EC2: 'http://127.0.0.1:4566' });
    const endpoint = await (c as unknown as { client: EC2Client }).client.config.endpoint?.();
    expect(endpoint?.hostname).toBe('127.0.0.1');
    expect(endpoint?.port).toBe(4566);
  });
});
