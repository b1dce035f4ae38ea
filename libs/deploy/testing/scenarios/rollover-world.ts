import type { ApiDeployConfig } from '@eapd/config';
import { systemClock, type Clock } from '../../src/ports/clock';
import type { Compute, Instance, LaunchSpec } from '../../src/ports/compute';
import type { LoadBalancer } from '../../src/ports/load-balancer';
import type { RolloverDeps, RolloverSettings } from '../../src/rollover/rollover-types';
import type { Ec2Model } from '../aws-model/ec2-model';
import type { ElbModel } from '../aws-model/elb-model';
import type { InstanceScript } from '../aws-model/instance-script';
import type { ServiceInvariants } from '../aws-model/service-invariants';
import { startAwsWire } from '../aws-wire/aws-wire-server';
import { wireAdapters } from '../aws-wire/wire-adapters';
import { FakeClock } from '../fake-clock';
import { FakeCompute } from '../fake-compute';
import { FakeLoadBalancer } from '../fake-load-balancer';
import type { FaultInjector } from '../faults/fault-injector';
import { MemoryLogger } from '../memory-logger';
import { NEW_RELEASE, OLD_RELEASE, TEST_CONFIG } from '../rollover-harness';
import { FakeParameters } from '../fake-parameters';

export const WORLD_TG = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/api-staging/0123456789abcdef';
export const WORLD_CONFIG: ApiDeployConfig = { ...TEST_CONFIG, environment: 'staging', targetGroupArn: WORLD_TG };

/**
 * Where a scenario of the matrix runs: the in-memory fakes on a virtual clock, or the wire
 * stand-in reached through the real adapters (real SDK clients, HTTP on 127.0.0.1) on the real
 * clock. Both serve the same AWS model, apply the same fault rules and check the same
 * invariants after every observed state. Scenario times are in units (`u`): 10 s of virtual
 * time on the fakes, 200 ms of real time on the wire.
 */
export interface RolloverWorld {
  name: string;
  u: number;
  config: ApiDeployConfig;
  ec2: Ec2Model;
  elb: ElbModel;
  faults: FaultInjector;
  invariants: ServiceInvariants;
  logger: MemoryLogger;
  clock: Clock;
  /** Runs `fn` once, `ms` from now on this world's clock. */
  after(ms: number, fn: () => void): void;
  /** The engine's dependencies, with hooks the scenarios use to act at a given moment. */
  deps(hooks: WorldHooks): RolloverDeps;
  close(): Promise<void>;
}

export interface WorldHooks {
  /** Called when the rollover records a phase in its journal (before that step runs). */
  onPhase?(phase: string): void | Promise<void>;
  /** Called just before RunInstances. */
  beforeLaunch?(): void | Promise<void>;
  /** Called before every call, with the AWS operation it makes. */
  onCall?(operation: string): void;
  signal?: AbortSignal;
}

/** Timings of a scenario run, in units. */
export const T = {
  boot: 3,
  statusOk: 3,
  healthy: 4,
  initial: 3,
  deregistrationDelay: 6,
  bootTimeout: 30,
  healthTimeout: 30,
  soak: 6,
  poll: 1,
  drainTimeout: 12,
  callTimeout: 4,
};

export function worldSettings(world: RolloverWorld, overrides: Partial<RolloverSettings> = {}, n = 1): RolloverSettings {
  const u = world.u;
  return {
    environment: 'staging',
    kind: 'deploy',
    release: NEW_RELEASE,
    instanceType: 't3.small',
    bootTimeoutMs: T.bootTimeout * u,
    healthTimeoutMs: T.healthTimeout * u,
    soakMs: T.soak * u,
    drainTimeoutMs: T.drainTimeout * u,
    pollIntervalMs: T.poll * u,
    callTimeoutMs: T.callTimeout * u,
    keepFailed: false,
    force: false,
    dryRun: false,
    holder: 'scenario-matrix',
    rolloverId: `staging-matrix-${n}`,
    ...overrides,
  };
}

/** The script of a launched instance in this world's time. */
export function scaled(world: RolloverWorld, script: InstanceScript = {}): InstanceScript {
  const u = world.u;
  const times = { bootMs: T.boot * u, statusOkAfterMs: T.statusOk * u, healthyAfterMs: T.healthy * u, initialMs: T.initial * u };
  return { consoleOutput: 'step 4/6 start the API\n', ...times, ...script };
}

/** Seeds `count` old instances serving the old release, registered and healthy, and starts watching the invariants. */
export function seedOldFleet(world: RolloverWorld, count: number): string[] {
  const ids: string[] = [];
  for (let n = 0; n < count; n++) {
    const inst = world.ec2.seed({
      id: `i-old${n}`,
      tags: { environment: 'staging', release: OLD_RELEASE.gitSha, 'artifact-url': OLD_RELEASE.artifactUrl, 'artifact-sha256': OLD_RELEASE.artifactSha256 },
      // Re-registered (in a roll-back), an old target must pass its health checks again.
      script: { bootMs: 0, statusOkAfterMs: 0, healthyAfterMs: 2 * world.u, initialMs: 2 * world.u },
    });
    ids.push(inst.id);
  }
  world.elb.seedRegistered(WORLD_TG, ids);
  world.invariants.baseline();
  return ids;
}

function hooked(compute: Compute, hooks: WorldHooks): Compute {
  const on = (op: string) => hooks.onCall?.(op);
  return {
    findInstances: (f) => (on('DescribeInstances'), compute.findInstances(f)),
    describeInstances: (ids) => (on('DescribeInstances'), compute.describeInstances(ids)),
    launch: async (spec: LaunchSpec): Promise<Instance[]> => {
      await hooks.beforeLaunch?.();
      on('RunInstances');
      return compute.launch(spec);
    },
    statusChecks: (ids) => (on('DescribeInstanceStatus'), compute.statusChecks(ids)),
    terminate: (ids) => (on('TerminateInstances'), compute.terminate(ids)),
    tag: async (ids, tags) => {
      if (tags['rollover-phase']) await hooks.onPhase?.(tags['rollover-phase']);
      on('CreateTags');
      return compute.tag(ids, tags);
    },
    untag: (ids, keys) => (on('DeleteTags'), compute.untag(ids, keys)),
    consoleOutput: (id) => (on('GetConsoleOutput'), compute.consoleOutput(id)),
  };
}

function hookedLb(lb: LoadBalancer, hooks: WorldHooks): LoadBalancer {
  const on = (op: string) => hooks.onCall?.(op);
  return {
    targetHealth: (tg, t) => (on('DescribeTargetHealth'), lb.targetHealth(tg, t)),
    register: (tg, t) => (on('RegisterTargets'), lb.register(tg, t)),
    deregister: (tg, t) => (on('DeregisterTargets'), lb.deregister(tg, t)),
    deregistrationDelaySeconds: (tg) => (on('DescribeTargetGroupAttributes'), lb.deregistrationDelaySeconds(tg)),
    targetGroupPort: (tg) => (on('DescribeTargetGroups'), lb.targetGroupPort(tg)),
    waitUntilDeregistered: (tg, t, o) => lb.waitUntilDeregistered(tg, t, o),
  };
}

function deps(world: Pick<RolloverWorld, 'logger' | 'clock'>, compute: Compute, loadBalancer: LoadBalancer, hooks: WorldHooks): RolloverDeps {
  return {
    compute: hooked(compute, hooks),
    loadBalancer: hookedLb(loadBalancer, hooks),
    parameters: new FakeParameters(),
    clock: world.clock,
    logger: world.logger,
    signal: hooks.signal,
    random: () => 0.5,
    renderUserData: (r) => `#!/bin/bash\n# release ${r.gitSha}\n`,
  };
}

export function fakeRolloverWorld(): RolloverWorld {
  const clock = new FakeClock();
  const compute = new FakeCompute(clock);
  const lb = new FakeLoadBalancer(clock, compute, WORLD_TG);
  lb.port = WORLD_CONFIG.port;
  const u = 10_000;
  lb.deregistrationDelayMs = T.deregistrationDelay * u;
  compute.model.defaultScript = {};
  const world: RolloverWorld = {
    name: 'in-memory fakes (virtual clock)',
    u,
    config: WORLD_CONFIG,
    ec2: compute.model,
    elb: lb.model,
    faults: compute.faults,
    invariants: lb.invariants,
    logger: new MemoryLogger(),
    clock,
    after(ms, fn) {
      const at = clock.now() + ms;
      let done = false;
      clock.onAdvance((now) => {
        if (!done && now >= at) {
          done = true;
          fn();
        }
      });
    },
    deps: (hooks) => deps(world, compute, lb, hooks),
    close: async () => undefined,
  };
  compute.model.defaultScript = scaled(world);
  return world;
}

export async function wireRolloverWorld(): Promise<RolloverWorld> {
  const u = 200;
  const wire = await startAwsWire({ defaultScript: {}, invariantsEveryMs: 20 });
  wire.elb.addTargetGroup({ arn: WORLD_TG, port: WORLD_CONFIG.port, deregistrationDelayMs: T.deregistrationDelay * u });
  // The adapters' own retries stay within the engine's call deadline, as in production.
  const { compute, loadBalancer } = wireAdapters(wire.url, { pollMs: 50, retry: { budgetMs: 3 * u, maxDelayMs: u, attemptTimeoutMs: 2_000 } });
  const timers: NodeJS.Timeout[] = [];
  const world: RolloverWorld = {
    name: 'wire stand-in through the real SDK clients (real clock)',
    u,
    config: WORLD_CONFIG,
    ec2: wire.ec2,
    elb: wire.elb,
    faults: wire.faults,
    invariants: wire.watch(WORLD_TG),
    logger: new MemoryLogger(),
    clock: systemClock,
    after(ms, fn) {
      timers.push(setTimeout(fn, ms));
    },
    deps: (hooks) => deps(world, compute, loadBalancer, hooks),
    close: async () => {
      for (const t of timers) clearTimeout(t);
      await wire.close();
    },
  };
  wire.ec2.defaultScript = scaled(world);
  return world;
}
