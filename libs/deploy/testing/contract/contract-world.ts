import type { Compute, SubnetLookup } from '../../src/ports/compute';
import type { LoadBalancer } from '../../src/ports/load-balancer';
import type { Ec2Model } from '../aws-model/ec2-model';
import type { ElbModel } from '../aws-model/elb-model';
import { startAwsWire } from '../aws-wire/aws-wire-server';
import { wireAdapters } from '../aws-wire/wire-adapters';
import { FakeClock } from '../fake-clock';
import { FakeCompute } from '../fake-compute';
import { FakeLoadBalancer } from '../fake-load-balancer';

export const CONTRACT_TG = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/api-contract/0123456789abcdef';

/**
 * One side of the contract: the ports under test, the model behind them (seeded the same way
 * on both sides), and time. Only the ports are exercised; the model is for set-up.
 */
export interface ContractWorld {
  name: string;
  compute: Compute & SubnetLookup;
  loadBalancer: LoadBalancer;
  ec2: Ec2Model;
  elb: ElbModel;
  /** Moves the world's clock forward (virtual, or the stand-in's clock). */
  advance(ms: number): Promise<void>;
  /** A wait limit that certainly runs out on this side without slowing the suite. */
  shortWaitMs: number;
  close(): Promise<void>;
}

/** The in-memory fakes on a virtual clock. */
export async function fakeWorld(): Promise<ContractWorld> {
  const clock = new FakeClock();
  const compute = new FakeCompute(clock);
  const loadBalancer = new FakeLoadBalancer(clock, compute, CONTRACT_TG);
  loadBalancer.deregistrationDelayMs = 300_000;
  return {
    name: 'in-memory fakes',
    compute,
    loadBalancer,
    ec2: compute.model,
    elb: loadBalancer.model,
    advance: async (ms) => clock.advance(ms),
    shortWaitMs: 60_000,
    close: async () => undefined,
  };
}

/** The wire stand-in, reached by the project's real adapters (real SDK clients, AWS_ENDPOINT_URL). */
export async function wireWorld(): Promise<ContractWorld> {
  const wire = await startAwsWire({ defaultScript: {} });
  wire.elb.addTargetGroup({ arn: CONTRACT_TG, port: 8080, deregistrationDelayMs: 300_000 });
  const { compute, loadBalancer } = wireAdapters(wire.url, { pollMs: 25 });
  return {
    name: 'wire stand-in through the real adapters',
    compute,
    loadBalancer,
    ec2: wire.ec2,
    elb: wire.elb,
    advance: async (ms) => wire.clock.advance(ms),
    shortWaitMs: 300,
    close: () => wire.close(),
  };
}
