import type { InstanceState } from '../../src/ports/compute';
import type { ModelInstance } from './ec2-model';
import { AwsModelError } from './model-error';

/** An EC2 filter as the API takes it: Name plus Values (any value matches). */
export interface Ec2Filter {
  name: string;
  values: string[];
}

const STATE_CODES: Record<InstanceState, number> = { pending: 0, running: 16, 'shutting-down': 32, terminated: 48, stopping: 64, stopped: 80 };
export const stateCode = (s: InstanceState) => STATE_CODES[s];

/** Whether an instance passes one DescribeInstances filter (the names the adapters use). */
export function matches(i: ModelInstance, f: Ec2Filter): boolean {
  if (f.name.startsWith('tag:')) {
    const v = i.tags[f.name.slice(4)];
    return v !== undefined && f.values.includes(v);
  }
  switch (f.name) {
    case 'tag-key':
      return f.values.some((k) => k in i.tags);
    case 'instance-state-name':
      return f.values.includes(i.state);
    case 'instance-id':
      return f.values.includes(i.id);
    default:
      throw new AwsModelError('InvalidParameterValue', `The filter '${f.name}' is invalid`);
  }
}
