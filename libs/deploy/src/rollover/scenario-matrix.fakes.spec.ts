import { SCENARIOS } from '../../testing/scenarios/rollover-scenarios';
import { fakeRolloverWorld } from '../../testing/scenarios/rollover-world';
import { expectScenario, runScenario } from '../../testing/scenarios/run-scenario';

/**
 * The scenario matrix (issue 11) on the in-memory fakes: virtual clock, so the real timings
 * (30 s boots, 60 s soak, 10 s polls) run in milliseconds. The same list runs through the wire
 * stand-in in scenario-matrix.wire.spec.ts.
 */
describe('rollover scenario matrix: in-memory fakes', () => {
  it.each(SCENARIOS.map((s) => [`item ${s.item}: ${s.name}`, s] as const))('%s', async (_title, scenario) => {
    const world = fakeRolloverWorld();
    try {
      expectScenario(world, scenario, await runScenario(world, scenario));
    } finally {
      await world.close();
    }
  }, 60_000);
});
