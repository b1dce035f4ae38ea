import type { ElbModel } from '../aws-model/elb-model';
import { AwsModelError } from '../aws-model/model-error';
import type { HttpAnswer } from '../faults/http-faults';
import { el, elbAnswer, list, structs, xml, type QueryParams } from './query-protocol';

/** The ELBv2 calls the adapter makes (aws/elb-load-balancer.ts), answered from the shared model. */
export const ELB_ACTIONS = [
  'DescribeTargetHealth',
  'RegisterTargets',
  'DeregisterTargets',
  'DescribeTargetGroupAttributes',
  'DescribeTargetGroups',
] as const;

/** What an ELBv2 call names: the target group (ARN and name) and the target ids. */
export function elbResources(params: QueryParams, model: ElbModel): string[] {
  const arns = [params.get('TargetGroupArn'), ...list(params, 'TargetGroupArns.member')].filter((x): x is string => !!x);
  const names = arns.map((arn) => model.groups.get(arn)?.name).filter((x): x is string => !!x);
  return [...arns, ...names, ...targets(params).map((t) => t.id)];
}

export function handleElb(action: string, params: QueryParams, model: ElbModel): HttpAnswer {
  const arn = params.get('TargetGroupArn') ?? '';
  switch (action) {
    case 'DescribeTargetHealth': {
      const asked = targets(params);
      const health = model.describeTargetHealth(arn, asked.length ? asked : undefined);
      const group = model.group(arn);
      const members = health.map(
        (h) =>
          `<member><Target><Id>${xml(h.id)}</Id><Port>${h.port}</Port></Target><HealthCheckPort>${group.port}</HealthCheckPort><TargetHealth>${el('State', h.state)}${el('Reason', h.reason)}${el('Description', h.description)}</TargetHealth></member>`,
      );
      return elbAnswer(action, `<TargetHealthDescriptions>${members.join('')}</TargetHealthDescriptions>`);
    }
    case 'RegisterTargets':
      model.register(arn, targets(params));
      return elbAnswer(action, '');
    case 'DeregisterTargets':
      model.deregister(arn, targets(params));
      return elbAnswer(action, '');
    case 'DescribeTargetGroupAttributes': {
      const g = model.group(arn);
      const attributes = { 'deregistration_delay.timeout_seconds': String(Math.round(g.deregistrationDelayMs / 1000)), 'stickiness.enabled': 'false' };
      const members = Object.entries(attributes).map(([k, v]) => `<member><Key>${k}</Key><Value>${v}</Value></member>`);
      return elbAnswer(action, `<Attributes>${members.join('')}</Attributes>`);
    }
    case 'DescribeTargetGroups': {
      const groups = list(params, 'TargetGroupArns.member').map((a) => ({ arn: a, group: model.group(a) }));
      const members = groups.map(
        ({ arn: a, group }) =>
          `<member><TargetGroupArn>${xml(a)}</TargetGroupArn><TargetGroupName>${xml(group.name)}</TargetGroupName><Protocol>HTTP</Protocol><Port>${group.port}</Port><TargetType>instance</TargetType></member>`,
      );
      return elbAnswer(action, `<TargetGroups>${members.join('')}</TargetGroups>`);
    }
    default:
      throw new AwsModelError('InvalidAction', `Could not find operation ${action} for version 2015-12-01`);
  }
}

function targets(params: QueryParams): Array<{ id: string; port?: number }> {
  return structs(params, 'Targets.member', ['Id', 'Port']).map((t) => (t.Port ? { id: t.Id ?? '', port: Number(t.Port) } : { id: t.Id ?? '' }));
}
