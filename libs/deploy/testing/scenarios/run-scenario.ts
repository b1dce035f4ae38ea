import { InterruptedError } from '../../src/log/errors';
import { runRollover, type RolloverOutcome } from '../../src/rollover/run-rollover';
import { NEW_RELEASE, OLD_RELEASE } from '../rollover-harness';
import type { Scenario } from './rollover-scenarios';
import { WORLD_TG, scaled, seedOldFleet, worldSettings, type RolloverWorld } from './rollover-world';

export interface ScenarioRun {
  first: RolloverOutcome;
  followUp?: RolloverOutcome;
  oldIds: string[];
  /** Invariant violations seen after every state, and at the end. */
  violations: string[];
  endViolations: string[];
  /** Lock or journal tags still on live instances. */
  journalLeft: string[];
  /** Release of each healthy registered target at the end. */
  servingReleases: string[];
}

/** Runs one scenario of the matrix in `world` and reports what the assertions need. */
export async function runScenario(world: RolloverWorld, sc: Scenario): Promise<ScenarioRun> {
  const oldIds = seedOldFleet(world, sc.oldCount ?? 1);
  sc.setup?.(world, oldIds);
  const u = world.u;
  if (sc.launches) world.ec2.scriptNextLaunches(...sc.launches(u).map((s) => scaled(world, s)));
  const added = new Set<string>();
  const ruleIds = new Map<object, number>();
  const addFaults = (at: string) => {
    for (const f of sc.faults ?? []) {
      const id = f.until === at ? ruleIds.get(f) : undefined;
      if (id !== undefined) world.faults.remove(id);
    }
    if (added.has(at)) return;
    added.add(at);
    for (const f of sc.faults ?? []) if (f.at === at) ruleIds.set(f, world.faults.add(f.rule(u)));
  };
  addFaults('start');
  const ac = new AbortController();
  const deps = world.deps({
    signal: ac.signal,
    beforeLaunch: () => sc.beforeLaunch?.(world, oldIds),
    onCall: (operation) => addFaults(`call:${operation}`),
    onPhase: (phase) => {
      addFaults(phase);
      if (sc.interrupt?.at === phase) world.after(u, () => ac.abort(new InterruptedError(sc.interrupt?.signal)));
    },
  });
  const first = await runRollover(world.config, worldSettings(world, sc.settings?.(u) ?? {}, 1), deps);
  let followUp: RolloverOutcome | undefined;
  if (sc.followUp) {
    world.faults.clear();
    followUp = await runRollover(world.config, worldSettings(world, {}, 2), world.deps({}));
  }
  world.invariants.check();
  const health = world.elb.health(WORLD_TG);
  const servingReleases = health.filter((h) => h.state === 'healthy').map((h) => world.ec2.instances.get(h.id)?.tags['release'] ?? '?');
  const journalLeft = world.ec2
    .live()
    .flatMap((i) => Object.keys(i.tags).filter((k) => k.startsWith('rollover-')).map((k) => `${i.id} ${k}=${i.tags[k]}`));
  return {
    first,
    followUp,
    oldIds,
    violations: [...world.invariants.violations],
    endViolations: world.invariants.endViolations('staging').filter((v) => !world.invariants.violations.includes(v)),
    journalLeft,
    servingReleases,
  };
}

/** The matrix's assertions, the same in every world. */
export function expectScenario(world: RolloverWorld, sc: Scenario, run: ScenarioRun): void {
  const { first } = run;
  const why = () => `\n--- log of "${sc.name}" in ${world.name} ---\n${world.logger.text}`;
  const check = (cond: boolean, what: string) => {
    if (!cond) throw new Error(`${what}${why()}`);
  };
  // After every observed state: never zero healthy targets while there was one.
  if (sc.expect.allowGap) {
    check(run.violations.every((v) => v.startsWith('no healthy target')), `only gaps caused by the scripted failure are allowed, got ${JSON.stringify(run.violations)}`);
  } else {
    check(run.violations.length === 0, `invariant violations: ${JSON.stringify(run.violations.slice(0, 5))}`);
  }
  // At the end: nothing running unregistered, no lock or journal tag on a live instance.
  check(run.endViolations.length === 0, `end violations: ${JSON.stringify(run.endViolations)}`);
  check(run.journalLeft.length === 0, `lock or journal tags left: ${JSON.stringify(run.journalLeft)}`);
  // Exit and message.
  check(first.success === sc.expect.success, `expected success=${sc.expect.success}, got ${first.success} (${first.error?.message})`);
  if (sc.expect.reason) {
    check(sc.expect.reason.test(first.error?.message ?? ''), `the failure should match ${sc.expect.reason}, got "${first.error?.message}"`);
    const exit = /^error: Rollover (failed|interrupted): /;
    const last = world.logger.lines.filter((l) => exit.test(l)).at(-1) ?? '';
    check(sc.expect.reason.test(last.replace(exit, '')), `the exit message should match ${sc.expect.reason}, got "${last}"`);
  }
  for (const re of sc.expect.log ?? []) {
    if (sc.expect.logFakesOnly && !world.name.startsWith('in-memory')) continue;
    check(re.test(world.logger.text), `the log should match ${re}`);
  }
  if (run.followUp) check(run.followUp.success, `the follow-up deploy failed: ${run.followUp.error?.message}`);
  // Who serves.
  const want = sc.expect.serving === 'new' ? NEW_RELEASE.gitSha : OLD_RELEASE.gitSha;
  check(run.servingReleases.length > 0 && run.servingReleases.every((r) => r === want), `serving releases ${JSON.stringify(run.servingReleases)}, expected only ${sc.expect.serving}`);
}
