import {
  DeregisterTargetsCommand,
  DescribeTargetGroupAttributesCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { mockClient } from 'aws-sdk-client-mock';
import { WaitTimeoutError } from '../log/errors';
import { ElbLoadBalancer, createElbLoadBalancer } from './elb-load-balancer';

const elb = mockClient(ElasticLoadBalancingV2Client);
const TG = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/api/abc';
const lb = () =>
  new ElbLoadBalancer(new ElasticLoadBalancingV2Client({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }), { pollMs: 1_000 });

beforeEach(() => elb.reset());

describe('ElbLoadBalancer', () => {
  it('registers and deregisters with the API port', async () => {
    elb.on(RegisterTargetsCommand).resolves({}).on(DeregisterTargetsCommand).resolves({});
    await lb().register(TG, [{ id: 'i-1', port: 8081 }]);
    await lb().deregister(TG, [{ id: 'i-0', port: 8081 }]);
    expect(elb.commandCalls(RegisterTargetsCommand)[0].args[0].input).toEqual({ TargetGroupArn: TG, Targets: [{ Id: 'i-1', Port: 8081 }] });
    expect(elb.commandCalls(DeregisterTargetsCommand)[0].args[0].input).toEqual({ TargetGroupArn: TG, Targets: [{ Id: 'i-0', Port: 8081 }] });
  });

  it('maps target health with reason codes', async () => {
    elb.on(DescribeTargetHealthCommand).resolves({
      TargetHealthDescriptions: [
        { Target: { Id: 'i-1', Port: 8081 }, TargetHealth: { State: 'unhealthy', Reason: 'Target.ResponseCodeMismatch', Description: 'Health checks failed with these codes: [502]' } },
        { Target: { Id: 'i-2', Port: 8081 }, TargetHealth: { State: 'healthy' } },
      ],
    });
    const health = await lb().targetHealth(TG, [{ id: 'i-1', port: 8081 }, { id: 'i-2', port: 8081 }]);
    expect(health).toEqual([
      { id: 'i-1', port: 8081, state: 'unhealthy', reason: 'Target.ResponseCodeMismatch', description: 'Health checks failed with these codes: [502]' },
      { id: 'i-2', port: 8081, state: 'healthy' },
    ]);
    expect(elb.commandCalls(DescribeTargetHealthCommand)[0].args[0].input.Targets).toEqual([{ Id: 'i-1', Port: 8081 }, { Id: 'i-2', Port: 8081 }]);
  });

  it('reads deregistration_delay.timeout_seconds (300 when absent) and the target group port', async () => {
    elb
      .on(DescribeTargetGroupAttributesCommand)
      .resolvesOnce({ Attributes: [{ Key: 'stickiness.enabled', Value: 'false' }, { Key: 'deregistration_delay.timeout_seconds', Value: '45' }] })
      .resolvesOnce({ Attributes: [] })
      .on(DescribeTargetGroupsCommand)
      .resolves({ TargetGroups: [{ Port: 8081 }] });
    expect(await lb().deregistrationDelaySeconds(TG)).toBe(45);
    expect(await lb().deregistrationDelaySeconds(TG)).toBe(300);
    expect(await lb().targetGroupPort(TG)).toBe(8081);
    expect(elb.commandCalls(DescribeTargetGroupsCommand)[0].args[0].input).toEqual({ TargetGroupArns: [TG] });
  });

  it('waits for deregistration by polling DescribeTargetHealth until unused', async () => {
    elb
      .on(DescribeTargetHealthCommand)
      .resolvesOnce({ TargetHealthDescriptions: [{ Target: { Id: 'i-0', Port: 8081 }, TargetHealth: { State: 'draining' } }] })
      .resolves({ TargetHealthDescriptions: [{ Target: { Id: 'i-0', Port: 8081 }, TargetHealth: { State: 'unused' } }] });
    await lb().waitUntilDeregistered(TG, [{ id: 'i-0', port: 8081 }], { timeoutMs: 30_000 });
    const calls = elb.commandCalls(DescribeTargetHealthCommand);
    expect(calls.length).toBeGreaterThanOrEqual(2);
    expect(calls[0].args[0].input).toEqual({ TargetGroupArn: TG, Targets: [{ Id: 'i-0', Port: 8081 }] });
  });

  it('bounds the deregistration wait', async () => {
    elb.on(DescribeTargetHealthCommand).resolves({ TargetHealthDescriptions: [{ Target: { Id: 'i-0' }, TargetHealth: { State: 'draining' } }] });
    await expect(lb().waitUntilDeregistered(TG, [{ id: 'i-0', port: 8081 }], { timeoutMs: 2_000 })).rejects.toBeInstanceOf(WaitTimeoutError);
  });

  it('honours AWS_ENDPOINT_URL', async () => {
    const c = createElbLoadBalancer('us-east-1', { AWS_ENDPOINT_URL: 'http://127.0.0.1:9999' });
    const endpoint = await (c as unknown as { client: ElasticLoadBalancingV2Client }).client.config.endpoint?.();
    expect(endpoint?.port).toBe(9999);
  });
});
