import { FakeClock } from '../../testing/fake-clock';
import { MemoryLogger } from '../../testing/memory-logger';
import { PlanStepError, applyPlan } from './apply-plan';
import { formatPlan, ref, resolveArgs, type Plan, type PlanStep } from './plan';

function setup() {
  const clock = new FakeClock();
  const logger = new MemoryLogger();
  const done: string[] = [];
  return { clock, logger, done, deps: { clock, logger } };
}

const step = (id: string, extra: Partial<PlanStep> = {}): PlanStep => ({ id, action: id, summary: `do ${id}`, mutating: true, ...extra });

describe('applyPlan: the one applier', () => {
  it('runs steps in order, hands each the outputs of earlier steps through its args, and records outcomes', async () => {
    const { deps, done } = setup();
    const plan: Plan = {
      operation: 'Test',
      target: 't',
      facts: [],
      steps: [step('a'), step('b', { args: { fromA: ref('a', 'ids'), all: ref('a'), n: 3 } })],
    };
    const seen: unknown[] = [];
    const report = await applyPlan(plan, { run: async (s, args) => (done.push(s.id), seen.push(args), s.id === 'a' ? { ids: ['i-1', 'i-2'] } : 'b-out') }, deps);
    expect(done).toEqual(['a', 'b']);
    expect(seen[1]).toEqual({ fromA: ['i-1', 'i-2'], all: { ids: ['i-1', 'i-2'] }, n: 3 });
    expect(report.steps.map((s) => [s.id, s.ok])).toEqual([['a', true], ['b', true]]);
    expect(report.outputs.get('b')).toBe('b-out');
  });

  it('on failure runs the compensations of the failed step and the completed ones, in reverse, then the finally steps', async () => {
    const { deps, logger } = setup();
    const order: string[] = [];
    const plan: Plan = {
      operation: 'Test',
      target: 't',
      facts: [],
      steps: [
        step('launch', { compensate: { action: 'remove', summary: 'remove new', args: { ids: ref('launch') } } }),
        step('register', { compensate: { action: 'deregister', summary: 'deregister new' } }),
        step('gate'),
        step('switch', { compensate: { action: 'restore', summary: 'restore old' } }),
        step('never'),
      ],
      finally: [step('unlock')],
    };
    const err: PlanStepError = await applyPlan(
      plan,
      {
        run: async (s) => {
          order.push(s.id);
          if (s.id === 'launch') return ['i-9'];
          if (s.id === 'switch') throw new Error('lost response');
          return undefined;
        },
        compensate: async (c, args) => {
          order.push(`undo:${c.action}${args['ids'] ? `(${String(args['ids'])})` : ''}`);
        },
      },
      deps,
    ).catch((e) => e);
    // The failed step may have half-happened, so its own undo runs first.
    expect(order).toEqual(['launch', 'register', 'gate', 'switch', 'undo:restore', 'undo:deregister', 'undo:remove(i-9)', 'unlock']);
    expect(err).toBeInstanceOf(PlanStepError);
    expect(err.step.id).toBe('switch');
    expect(err.compensated).toBe(true);
    expect(err.report.compensations.map((c) => [c.stepId, c.ok])).toEqual([['switch', true], ['register', true], ['launch', true]]);
    expect(logger.text).toContain('── Roll back 1/3: restore old');
  });

  it('a failing compensation stops the roll-back (later undos depend on it) and says what did not run', async () => {
    const { deps, logger } = setup();
    const order: string[] = [];
    const plan: Plan = {
      operation: 'Test',
      target: 't',
      facts: [],
      steps: [step('a', { compensate: { action: 'undo-a', summary: 'undo a' } }), step('b', { compensate: { action: 'undo-b', summary: 'undo b' } }), step('c')],
    };
    const err: PlanStepError = await applyPlan(
      plan,
      {
        run: async (s) => {
          if (s.id === 'c') throw new Error('boom');
        },
        compensate: async (c) => {
          order.push(c.action);
          if (c.action === 'undo-b') throw new Error('old fleet not healthy');
        },
      },
      deps,
    ).catch((e) => e);
    expect(order).toEqual(['undo-b']);
    expect(err.compensated).toBe(false);
    expect(logger.text).toContain('not run, because they depend on it: undo a');
  });

  it('past a point of no return nothing is compensated, but finally steps still run', async () => {
    const { deps } = setup();
    const order: string[] = [];
    const plan: Plan = {
      operation: 'Test',
      target: 't',
      facts: [],
      steps: [step('launch', { compensate: { action: 'remove', summary: 'remove' } }), step('terminate-old', { pointOfNoReturn: true })],
      finally: [step('unlock')],
    };
    const err: PlanStepError = await applyPlan(
      plan,
      {
        run: async (s) => {
          order.push(s.id);
          if (s.id === 'terminate-old') throw new Error('TerminateInstances 500');
        },
        compensate: async (c) => void order.push(c.action),
      },
      deps,
    ).catch((e) => e);
    expect(order).toEqual(['launch', 'terminate-old', 'unlock']);
    expect(err.compensated).toBe(false);
    expect(err.report.compensations).toEqual([]);
  });

  it('a failing finally step fails a plan that had succeeded', async () => {
    const { deps } = setup();
    const plan: Plan = { operation: 'Test', target: 't', facts: [], steps: [step('a')], finally: [step('unlock')] };
    const err = await applyPlan(plan, async (s) => {
      if (s.id === 'unlock') throw new Error('DeleteTags 500');
    }, deps).catch((e) => e);
    expect(err).toBeInstanceOf(PlanStepError);
    expect((err as PlanStepError).step.id).toBe('unlock');
  });
});

describe('formatPlan', () => {
  it('prints each step with its exact call, references to earlier outputs, its undo and the point of no return', () => {
    const text = formatPlan({
      operation: 'Backend rollover',
      target: 'staging',
      facts: [['release', 'abc']],
      steps: [
        step('launch', { args: { count: 2, ids: ['sg-1'], timeoutMs: 600_000 }, compensate: { action: 'remove-new', summary: 'terminate them', args: { instances: ref('launch', 'instanceIds') } } }),
        step('terminate-old', { args: { targets: [{ id: 'i-1', port: 8080 }] }, pointOfNoReturn: true }),
      ],
      finally: [step('release-lock', { args: { instances: ref('launch', 'instanceIds') } })],
    });
    expect(text).toContain('launch: launch(count=2, ids=[sg-1], timeoutMs=600000 (10 min))');
    expect(text).toContain('undo: remove-new(instances ← launch.instanceIds)  (terminate them)');
    expect(text).toContain('terminate-old: terminate-old(targets=[i-1:8080])');
    expect(text).toContain('point of no return');
    expect(text).toContain(' 3. do release-lock (always, whatever happened)');
  });

  it('resolveArgs leaves plain values and yields undefined for a step that produced nothing', () => {
    expect(resolveArgs({ a: ref('x', 'y'), b: 1 }, new Map())).toEqual({ a: undefined, b: 1 });
  });
});
