import type { RolloverSettings } from '../../src/rollover/rollover-types';
import type { InstanceScript } from '../aws-model/instance-script';
import type { FaultRuleSpec } from '../faults/fault-injector';
import { WORLD_TG, type RolloverWorld } from './rollover-world';

/**
 * The scenario matrix of issue 11: every failure the issue lists (items 1–8) and what already
 * held, as data. Each runs against the in-memory fakes AND the wire stand-in through the real
 * SDK clients (scenario-matrix.*.spec.ts); after every observed state the invariants are
 * checked, and at the end: no instance left running unregistered, no lock or journal tag left,
 * and the exit (success or failure) and its message name the cause.
 */
export interface Scenario {
  /** The item ("1".."8"), or "held" for what held before and must keep holding. */
  item: string;
  name: string;
  oldCount?: number;
  /** Scripts of the launched instances (times in the world's ms: use `u`). */
  launches?: (u: number) => InstanceScript[];
  /**
   * Fault rules, added when the rollover records the phase `at` in its journal, or just before
   * its first call of an operation (`call:DeregisterTargets`), or at the start ("start").
   */
  faults?: Array<{ at: string; rule: (u: number) => FaultRuleSpec; /** Removed when the rollover records this phase (e.g. "rolling-back"). */ until?: string }>;
  settings?: (u: number) => Partial<RolloverSettings>;
  /** SIGINT/SIGTERM (as the abort the executor's trap raises) 1 u after the rollover enters this phase. */
  interrupt?: { at: string; signal: 'SIGINT' | 'SIGTERM' };
  /** Changes the world before the rollover starts (e.g. a dead rollover's leftovers). */
  setup?(world: RolloverWorld, oldIds: string[]): void;
  /** Changes the world just before RunInstances (a rival rollover finishing). */
  beforeLaunch?(world: RolloverWorld, oldIds: string[]): void;
  expect: {
    success: boolean;
    /** Which release the healthy registered targets run at the end. */
    serving: 'old' | 'new';
    /** The failure's message (the summary's reason and the last line) names the cause. */
    reason?: RegExp;
    /** Log lines that must appear (only on the fakes when `fakesOnly`). */
    log?: RegExp[];
    logFakesOnly?: boolean;
    /** The scripted failure of the only healthy target (after the switch) may leave a gap, until the old fleet is back. */
    allowGap?: boolean;
  };
  /** Faults cleared, the deploy is run again; the end invariants are checked after it. */
  followUp?: boolean;
}

const interruptReason = /^Interrupted by SIG(INT|TERM)\b/;

export const SCENARIOS: Scenario[] = [
  {
    item: '1',
    name: 'a new target turns unhealthy 1.5 u after passing the gate: caught by the soak, the old fleet never leaves',
    launches: (u) => [{ unhealthyAfterMs: 1.5 * u }],
    expect: { success: false, serving: 'old', reason: /New target\(s\) turned unhealthy during the soak window: i-\S+ unhealthy \(Target.ResponseCodeMismatch/ },
  },
  {
    item: '1',
    name: 'a new target turns unhealthy while the old fleet drains: the old fleet is re-registered and healthy before the new one goes',
    // Unhealthy 1 u after the old fleet's deregistration is applied (the switch), whatever the
    // switch cost on a loaded machine: the drain (deregistration delay 6 u) has 5 u to notice it.
    launches: (u) => [{ unhealthyAfterOthersDeregisteredMs: 1 * u }],
    expect: { success: false, serving: 'old', reason: /turned unhealthy while the old fleet was draining/, allowGap: true },
  },
  {
    item: '2',
    name: 'DeregisterTargets applied but its answer lost 6 times: the state is read back and the switch holds',
    faults: [{ at: 'deregister-old', rule: () => ({ service: 'ELBv2', operation: 'DeregisterTargets', fault: { kind: 'lost-response' }, times: 6 }) }],
    expect: { success: true, serving: 'new', log: [/deregister i-old0: AWS had applied it \(the answer was lost\)/], logFakesOnly: true },
  },
  {
    item: '2',
    name: 'DeregisterTargets answers lost and target health unreadable past the deadline: the roll-back finds the old fleet deregistered and re-registers it before removing the new',
    faults: [
      { at: 'call:DeregisterTargets', rule: () => ({ service: 'ELBv2', operation: 'DeregisterTargets', fault: { kind: 'lost-response' }, times: 6 }) },
      // Unreadable until the rollover gives up and rolls back (not for a fixed time: on a loaded
      // machine the last read-back, started before the deadline, could outlast a fixed window),
      // then a short burst the roll-back must ride out.
      { at: 'call:DeregisterTargets', until: 'rolling-back', rule: () => ({ service: 'ELBv2', operation: 'DescribeTargetHealth', fault: { kind: 'error', status: 500 } }) },
      { at: 'rolling-back', rule: (u) => ({ service: 'ELBv2', operation: 'DescribeTargetHealth', fault: { kind: 'error', status: 500 }, forMs: 2 * u }) },
    ],
    expect: {
      success: false,
      serving: 'old',
      reason: /ELBv2 DescribeTargetHealth \(target group api-staging\) failed.*500 InternalError/,
      log: [/re-registering the old fleet: i-old0:8080 \((draining|unused)/],
    },
  },
  {
    item: '3',
    name: 'SIGINT during the boot wait: rolled back, the old fleet untouched',
    interrupt: { at: 'wait-running', signal: 'SIGINT' },
    expect: { success: false, serving: 'old', reason: interruptReason },
  },
  {
    item: '3',
    name: 'SIGTERM during the health wait: rolled back, the old fleet untouched',
    interrupt: { at: 'wait-healthy', signal: 'SIGTERM' },
    expect: { success: false, serving: 'old', reason: interruptReason },
  },
  {
    item: '3',
    name: 'SIGINT during the soak (a new target already healthy and serving): it drains away, the old fleet keeps serving',
    interrupt: { at: 'soak', signal: 'SIGINT' },
    expect: { success: false, serving: 'old', reason: interruptReason },
  },
  {
    item: '3',
    name: 'SIGTERM during the drain: the switch is done, so it finishes (old terminated without waiting for the drain) and exits non-zero',
    interrupt: { at: 'drain', signal: 'SIGTERM' },
    expect: { success: false, serving: 'new', reason: interruptReason, log: [/interrupted while draining/] },
  },
  {
    item: '3',
    name: 'a dead rollover (lease run out) that never switched is rolled back by the next run, without --force',
    setup: (world) => seedDeadRollover(world, 'soak', []),
    expect: { success: true, serving: 'new', log: [/found a dead rollover, repaired first: rollover staging-dead/, /Repair dead rollover staging-dead \(soak\): terminate its new instance/] },
  },
  {
    item: '3',
    name: 'a dead rollover that had switched (old fleet draining, tagged retiring) is finished by the next run',
    setup: (world, oldIds) => seedDeadRollover(world, 'drain', oldIds),
    expect: { success: true, serving: 'new', log: [/Repair dead rollover staging-dead \(drain\): retire the old fleet it replaced \(i-old0\)/] },
  },
  {
    item: '4',
    name: 'one DescribeTargetHealth 500 during the roll-back: the roll-back does not stop, the never-healthy instance goes',
    launches: () => [{ neverHealthy: true }],
    settings: (u) => ({ healthTimeoutMs: 8 * u }),
    faults: [{ at: 'rolling-back', rule: () => ({ service: 'ELBv2', operation: 'DescribeTargetHealth', fault: { kind: 'error', status: 500 }, times: 1 }) }],
    expect: { success: false, serving: 'old', reason: /Timed out after .* waiting for 1 new target\(s\) to become healthy/ },
  },
  {
    item: '5',
    name: 'a 0.75 s burst of 500s on the health reads does not fail the deploy',
    faults: [{ at: 'wait-healthy', rule: () => ({ service: 'ELBv2', operation: 'DescribeTargetHealth', fault: { kind: 'error', status: 500 }, forMs: 750 }) }],
    expect: { success: true, serving: 'new' },
  },
  {
    item: '6',
    name: 'RegisterTargets keeps failing: rolled back, and the summary and exit message name the call and the target group',
    faults: [{ at: 'register', rule: () => ({ service: 'ELBv2', operation: 'RegisterTargets', fault: { kind: 'error', status: 500 } }) }],
    expect: { success: false, serving: 'old', reason: /ELBv2 RegisterTargets \(target group api-staging\) failed.*500 InternalError: We encountered an internal error/ },
  },
  {
    item: '7',
    name: 'TerminateInstances 500 after the switch: no lock left on the serving instances, the next run terminates the leftovers',
    faults: [{ at: 'terminate-old', rule: () => ({ service: 'EC2', operation: 'TerminateInstances', fault: { kind: 'error', status: 500 } }) }],
    expect: { success: false, serving: 'new', reason: /EC2 TerminateInstances \(i-old0\) failed.*500 InternalError/ },
    followUp: true,
  },
  {
    item: '8',
    name: 'a rollover that finished between discovery and launch is noticed under the lock: its fleet is the one replaced',
    beforeLaunch: (world, oldIds) => {
      // The rival launched, switched and terminated the old fleet while we were planning.
      world.ec2.seed({ id: 'i-rival', tags: { environment: 'staging', release: 'c'.repeat(40) } });
      world.elb.seedRegistered(WORLD_TG, ['i-rival']);
      world.elb.deregister(WORLD_TG, oldIds.map((id) => ({ id, port: 8080 })));
      world.ec2.terminate(oldIds);
    },
    expect: { success: true, serving: 'new', log: [/serving fleet under the lock: i-rival:8080/] },
  },
  {
    item: 'held',
    name: 'an 80 % throttling storm on every call is absorbed',
    // Every read needs several tries here, and on a loaded machine each try is slower: the
    // waits get budgets to match (bounds, not sleeps: the boot, health and drain waits end when
    // their condition holds). Every soak read may retry until the soak's end plus one poll, so
    // the poll is longer to leave the last soak read room for its retries.
    settings: (u) => ({ callTimeoutMs: 25 * u, bootTimeoutMs: 60 * u, healthTimeoutMs: 60 * u, pollIntervalMs: 5 * u, soakMs: 15 * u, drainTimeoutMs: 30 * u }),
    faults: [{ at: 'start', rule: () => ({ fault: { kind: 'throttle' }, probability: 0.8 }) }],
    expect: { success: true, serving: 'new' },
  },
  {
    item: 'held',
    name: 'a lost RunInstances answer: the retry with the same ClientToken returns the same instance',
    faults: [{ at: 'start', rule: () => ({ service: 'EC2', operation: 'RunInstances', fault: { kind: 'lost-response' }, times: 1 }) }],
    expect: { success: true, serving: 'new' },
  },
];

/**
 * Leaves what a killed rollover leaves: its new instance (journal tags, lease run out) registered
 * and healthy; after the switch also the old fleet deregistered and tagged as retiring.
 */
function seedDeadRollover(world: RolloverWorld, phase: string, retiring: string[]): void {
  const past = new Date(world.clock.now() - 3_600_000).toISOString();
  world.ec2.seed({
    id: 'i-dead',
    tags: {
      environment: 'staging',
      release: 'c'.repeat(40),
      'rollover-in-progress': past,
      'rollover-id': 'staging-dead',
      'rollover-by': 'CircleCI job 41 (cancelled)',
      'rollover-phase': phase,
      'rollover-lease-until': past,
    },
  });
  world.elb.seedRegistered(WORLD_TG, ['i-dead']);
  if (retiring.length) {
    world.ec2.tag(retiring, { 'rollover-retiring': 'staging-dead' });
    world.elb.deregister(WORLD_TG, retiring.map((id) => ({ id, port: 8080 })));
  }
  world.invariants.baseline();
}
