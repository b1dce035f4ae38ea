import { USER_DATA_LIMIT_BYTES, type LaunchSpec } from '../../src/ports/compute';
import { decodeUserData } from '../../src/startup/user-data';
import { stateCode, type Ec2Filter, type Ec2Model, type ModelInstance } from '../aws-model/ec2-model';
import { matches } from '../aws-model/ec2-filters';
import { AwsModelError } from '../aws-model/model-error';
import type { VpcAttribute } from '../aws-model/network-model';
import type { HttpAnswer } from '../faults/http-faults';
import { ec2Answer, el, list, structLists, structs, xml, type QueryParams } from './query-protocol';

/** The EC2 calls the adapters make (aws/ec2-compute.ts), answered from the shared model. */
export const EC2_ACTIONS = [
  'DescribeInstances',
  'RunInstances',
  'DescribeInstanceStatus',
  'TerminateInstances',
  'CreateTags',
  'DeleteTags',
  'GetConsoleOutput',
  'DescribeSubnets',
  'DescribeVpcAttribute',
] as const;

/** What an EC2 call names, for fault rules that match a resource. */
export function ec2Resources(params: QueryParams): string[] {
  const filterIds = structs(params, 'Filter', ['Name']).flatMap((f, i) =>
    f.Name === 'instance-id' ? list(params, `Filter.${i + 1}.Value`) : [],
  );
  return [
    ...list(params, 'InstanceId'),
    ...list(params, 'ResourceId'),
    ...filterIds,
    ...[params.get('InstanceId'), params.get('SubnetId'), params.get('VpcId')].filter((x): x is string => !!x),
    ...list(params, 'SubnetId'),
  ];
}

export function handleEc2(action: string, params: QueryParams, model: Ec2Model, pageSize: number): HttpAnswer {
  switch (action) {
    case 'DescribeInstances':
      return describeInstances(params, model, pageSize);
    case 'RunInstances': {
      const instances = model.launch(launchSpec(params));
      const reservation = `r-${instances[0]?.id.slice(2) ?? '0'}`;
      return ec2Answer(action, `<reservationId>${reservation}</reservationId><ownerId>123456789012</ownerId><groupSet/><instancesSet>${instances.map((i) => instanceXml(model, i)).join('')}</instancesSet>`);
    }
    case 'DescribeInstanceStatus': {
      const ids = list(params, 'InstanceId');
      const checks = model.statusChecks(ids);
      const items = ids.map((id) => {
        const i = model.instances.get(id) as ModelInstance;
        const c = checks[id];
        return `<item><instanceId>${id}</instanceId><availabilityZone>us-east-1a</availabilityZone><instanceState><code>${stateCode(i.state)}</code><name>${i.state}</name></instanceState><systemStatus><status>${c.system}</status></systemStatus><instanceStatus><status>${c.instance}</status></instanceStatus></item>`;
      });
      return ec2Answer(action, `<instanceStatusSet>${items.join('')}</instanceStatusSet>`);
    }
    case 'TerminateInstances': {
      const changes = model.terminate(list(params, 'InstanceId'));
      const items = changes.map(
        (c) =>
          `<item><instanceId>${c.id}</instanceId><currentState><code>${stateCode(c.current)}</code><name>${c.current}</name></currentState><previousState><code>${stateCode(c.previous)}</code><name>${c.previous}</name></previousState></item>`,
      );
      return ec2Answer(action, `<instancesSet>${items.join('')}</instancesSet>`);
    }
    case 'CreateTags': {
      const tags = Object.fromEntries(structs(params, 'Tag', ['Key', 'Value']).map((t) => [t.Key ?? '', t.Value ?? '']));
      model.tag(list(params, 'ResourceId'), tags);
      return ec2Answer(action, '<return>true</return>');
    }
    case 'DeleteTags':
      model.untag(list(params, 'ResourceId'), structs(params, 'Tag', ['Key']).map((t) => t.Key ?? ''));
      return ec2Answer(action, '<return>true</return>');
    case 'GetConsoleOutput': {
      const id = params.get('InstanceId') ?? '';
      const output = Buffer.from(model.consoleOutput(id), 'utf8').toString('base64');
      return ec2Answer(action, `<instanceId>${xml(id)}</instanceId><timestamp>${new Date(model.now()).toISOString()}</timestamp><output>${output}</output>`);
    }
    case 'DescribeSubnets': {
      const items = list(params, 'SubnetId').map((id) => {
        const s = model.network.subnet(id);
        return `<item><subnetId>${xml(id)}</subnetId><state>available</state><vpcId>${xml(s.vpcId)}</vpcId><cidrBlock>10.0.0.0/24</cidrBlock><availabilityZone>us-east-1a</availabilityZone><mapPublicIpOnLaunch>${s.mapPublicIpOnLaunch}</mapPublicIpOnLaunch></item>`;
      });
      return ec2Answer(action, `<subnetSet>${items.join('')}</subnetSet>`);
    }
    case 'DescribeVpcAttribute': {
      const vpcId = params.get('VpcId') ?? '';
      const attribute = params.get('Attribute') ?? '';
      if (attribute !== 'enableDnsHostnames' && attribute !== 'enableDnsSupport') {
        throw new AwsModelError('InvalidParameterValue', `Value (${attribute}) for parameter attribute is invalid.`);
      }
      const value = model.network.vpcAttribute(vpcId, attribute as VpcAttribute);
      return ec2Answer(action, `<vpcId>${xml(vpcId)}</vpcId><${attribute}><value>${value}</value></${attribute}>`);
    }
    default:
      throw new AwsModelError('InvalidAction', `The action ${action} is not valid for this web service.`);
  }
}

function describeInstances(params: QueryParams, model: Ec2Model, pageSize: number): HttpAnswer {
  const ids = list(params, 'InstanceId');
  const names = structs(params, 'Filter', ['Name']).map((f) => f.Name ?? '');
  const values = structLists(params, 'Filter', 'Value');
  const filters: Ec2Filter[] = names.map((name, i) => ({ name, values: values[i] ?? [] }));
  const found = ids.length ? model.describe(ids).filter((i) => filters.every((f) => matches(i, f))) : model.find(filters);
  // Pages, so the adapters' pagination is exercised on the wire too.
  const size = Number(params.get('MaxResults') ?? pageSize);
  const start = Number(params.get('NextToken') ?? 0);
  const page = found.slice(start, start + size);
  const next = start + size < found.length ? `<nextToken>${start + size}</nextToken>` : '';
  const reservations = page.map(
    (i) => `<item><reservationId>r-${i.id.slice(2)}</reservationId><ownerId>123456789012</ownerId><groupSet/><instancesSet>${instanceXml(model, i)}</instancesSet></item>`,
  );
  return ec2Answer('DescribeInstances', `<reservationSet>${reservations.join('')}</reservationSet>${next}`);
}

function instanceXml(model: Ec2Model, i: ModelInstance): string {
  const view = model.view(i);
  const tags = Object.entries(view.tags).map(([k, v]) => `<item><key>${xml(k)}</key><value>${xml(v)}</value></item>`);
  const reason = view.stateReason ? `<stateReason><code>${xml(view.stateReason.split(':')[0])}</code><message>${xml(view.stateReason)}</message></stateReason>` : '';
  return [
    '<item>',
    el('instanceId', view.id),
    el('imageId', view.imageId),
    `<instanceState><code>${stateCode(view.state)}</code><name>${view.state}</name></instanceState>`,
    el('privateDnsName', view.privateIpAddress ? `ip-${view.privateIpAddress.replace(/\./g, '-')}.ec2.internal` : undefined),
    `<dnsName>${xml(view.publicDnsName ?? '')}</dnsName>`,
    el('instanceType', view.instanceType),
    el('launchTime', view.launchedAt.toISOString()),
    el('subnetId', i.subnetId),
    el('privateIpAddress', view.privateIpAddress),
    el('clientToken', i.clientToken),
    reason,
    tags.length ? `<tagSet>${tags.join('')}</tagSet>` : '',
    '</item>',
  ].join('');
}

function launchSpec(params: QueryParams): LaunchSpec {
  const tagSpecs = structs(params, 'TagSpecification', ['ResourceType']);
  const n = tagSpecs.findIndex((t) => t.ResourceType === 'instance');
  const tags = n < 0 ? {} : Object.fromEntries(structs(params, `TagSpecification.${n + 1}.Tag`, ['Key', 'Value']).map((t) => [t.Key ?? '', t.Value ?? '']));
  const min = Number(params.get('MinCount') ?? 1);
  const max = Number(params.get('MaxCount') ?? min);
  if (min !== max) throw new AwsModelError('InvalidParameterCombination', 'The stand-in launches exactly MinCount = MaxCount instances.');
  // EC2 counts the user data's bytes before base64 (compressed or not) against 16 KiB.
  const userData = params.get('UserData') ?? '';
  if (Buffer.from(userData, 'base64').length > USER_DATA_LIMIT_BYTES) throw new AwsModelError('InvalidParameterValue', `User data is limited to ${USER_DATA_LIMIT_BYTES} bytes`);
  return {
    imageId: params.get('ImageId') ?? '',
    instanceType: params.get('InstanceType') ?? '',
    subnetId: params.get('SubnetId') ?? '',
    securityGroupIds: list(params, 'SecurityGroupId'),
    // As the instance's cloud-init reads it: gunzipped when gzip (what Ec2Compute sends).
    userData: decodeUserData(userData),
    // EC2 takes the instance profile by ARN or by name; the model keeps what was asked.
    instanceProfile: params.get('IamInstanceProfile.Arn') ? { arn: params.get('IamInstanceProfile.Arn') ?? '' } : { name: params.get('IamInstanceProfile.Name') ?? '' },
    tags,
    // The SDK fills in a token when the caller gives none, as EC2's idempotency trait asks.
    clientToken: params.get('ClientToken') ?? '',
    count: min,
  };
}
