import type { ModelInstance } from '../aws-model/ec2-model';
import { SCRIPT_KEYS, type InstanceScript } from '../aws-model/instance-script';
import type { TargetGroupSetup } from '../aws-model/elb-model';
import type { FaultRuleSpec } from '../faults/fault-injector';
import type { HttpAnswer } from '../faults/http-faults';
import type { AwsWire } from './aws-wire-server';

/**
 * The stand-in's control API, for a test in another process (JSON in and out; see
 * aws-wire-control.ts for a typed client and README.md for the routes). Everything it does a
 * same-process test can also do on the AwsWire handle directly.
 */
export async function handleControl(wire: AwsWire, method: string, url: URL, body: Buffer): Promise<HttpAnswer> {
  try {
    const input = body.length ? (JSON.parse(body.toString('utf8')) as Record<string, unknown>) : {};
    return json(200, route(wire, method, url, input));
  } catch (err) {
    return json(400, { error: (err as Error).message });
  }
}

function route(wire: AwsWire, method: string, url: URL, input: Record<string, unknown>): unknown {
  const path = url.pathname.replace(/^\/__control\/?/, '').split('/').filter(Boolean);
  const at = `${method} /__control/${path.join('/')}`;
  const [head, id, action] = path;
  switch (`${method} ${head ?? ''}`) {
    case 'GET ':
    case 'GET state':
      return state(wire);
    case 'POST instances': {
      if (id && action === 'script') return (wire.ec2.patchScript(id, script(input)), view(wire, wire.ec2.instances.get(id)));
      if (id && action === 'terminate-by-aws') return (wire.ec2.terminateByAws(id, input['reason'] as string | undefined), {});
      const { script: s, ...rest } = input as Partial<ModelInstance> & { tags: Record<string, string> };
      return view(wire, wire.ec2.seed({ ...rest, tags: rest.tags ?? {}, ...(s ? { script: script(s as Record<string, unknown>) } : {}) }));
    }
    case 'POST launch-scripts':
      wire.ec2.scriptNextLaunches(...((input['scripts'] as Record<string, unknown>[]) ?? []).map(script));
      return {};
    case 'POST default-script':
      wire.ec2.defaultScript = script(input);
      return {};
    case 'POST target-groups': {
      if (id === 'register') {
        const arn = String(input['arn']);
        wire.elb.seedRegistered(arn, (input['ids'] as string[]) ?? []);
        wire.watch(arn).baseline();
        return {};
      }
      const setup = input as unknown as TargetGroupSetup;
      if (!setup.arn) throw new Error('a target group needs an arn');
      wire.elb.addTargetGroup(setup);
      wire.watch(setup.arn).baseline();
      return {};
    }
    case 'POST subnets':
      wire.ec2.network.addSubnet(String(input['id']), input);
      return {};
    case 'DELETE subnets':
      wire.ec2.network.removeSubnet(String(id));
      return {};
    case 'POST vpcs':
      wire.ec2.network.addVpc(String(input['id']), input);
      return {};
    case 'POST faults':
      return { id: wire.faults.add(input as unknown as FaultRuleSpec) };
    case 'DELETE faults':
      if (id) wire.faults.remove(Number(id));
      else wire.faults.clear(input['seed'] as number | undefined);
      return {};
    case 'GET faults':
      return { rules: wire.faults.describe() };
    case 'GET calls':
      return { calls: wire.faults.calls };
    case 'POST clock':
      wire.clock.advance(Number(input['advanceMs'] ?? 0));
      return { now: wire.clock.now() };
    case 'GET invariants': {
      const arn = url.searchParams.get('targetGroup') ?? '';
      const env = url.searchParams.get('environment');
      const inv = wire.watch(arn);
      inv.check();
      return { violations: inv.violations, endViolations: env ? inv.endViolations(env) : undefined, lowestHealthyCount: inv.lowestHealthyCount };
    }
    default:
      throw new Error(`no control route ${at}`);
  }
}

function state(wire: AwsWire) {
  wire.ec2.advance();
  return {
    now: wire.clock.now(),
    instances: [...wire.ec2.instances.values()].map((i) => view(wire, i)),
    targetGroups: [...wire.elb.groups.entries()].map(([arn, g]) => ({
      arn,
      name: g.name,
      port: g.port,
      deregistrationDelayMs: g.deregistrationDelayMs,
      health: wire.elb.health(arn),
    })),
    violations: Object.fromEntries([...wire.watched.entries()].map(([arn, inv]) => [arn, inv.violations])),
  };
}

function view(wire: AwsWire, i: ModelInstance | undefined) {
  if (!i) return undefined;
  return { ...wire.ec2.view(i), launchedAt: i.launchedAt.toISOString(), script: i.script, clientToken: i.clientToken, subnetId: i.subnetId };
}

/** Only known keys: a typo in a test's script must fail loudly, not be ignored. */
function script(input: Record<string, unknown>): InstanceScript {
  const unknown = Object.keys(input).filter((k) => !SCRIPT_KEYS.includes(k as keyof InstanceScript));
  if (unknown.length) throw new Error(`unknown instance script keys: ${unknown.join(', ')} (known: ${SCRIPT_KEYS.join(', ')})`);
  return input as InstanceScript;
}

function json(status: number, value: unknown): HttpAnswer {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value ?? null) };
}
