import { SCENARIOS } from '../../testing/scenarios/rollover-scenarios';
import { wireRolloverWorld } from '../../testing/scenarios/rollover-world';
import { expectScenario, runScenario } from '../../testing/scenarios/run-scenario';

/**
 * The scenario matrix (issue 11) through the wire: the engine drives the project's real EC2
 * and ELBv2 adapters (real SDK clients, HTTP to the stand-in on 127.0.0.1) on the real clock,
 * with scenario time shrunk (1 unit = 200 ms). Same scenarios, same invariants as on the fakes.
 */
describe('rollover scenario matrix: wire stand-in through the real SDK clients', () => {
  it.each(SCENARIOS.map((s) => [`item ${s.item}: ${s.name}`, s] as const))('%s', async (_title, scenario) => {
    const world = await wireRolloverWorld();
    try {
      expectScenario(world, scenario, await runScenario(world, scenario));
    } finally {
      await world.close();
    }
  }, 90_000);
});
