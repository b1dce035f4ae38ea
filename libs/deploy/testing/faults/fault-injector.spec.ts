import fc from 'fast-check';
import { FaultInjector } from './fault-injector';

const call = (operation: string, resources: string[] = [], service = 'ELBv2') => ({ service, operation, resources });

describe('FaultInjector', () => {
  it('faults the next N matching calls only, and records every call with what was done to it', () => {
    const f = new FaultInjector({ now: () => 0 });
    f.add({ operation: 'DeregisterTargets', fault: { kind: 'lost-response' }, times: 2 });
    const kinds = ['DeregisterTargets', 'DescribeTargetHealth', 'DeregisterTargets', 'DeregisterTargets'].map((op) => f.decide(call(op))?.kind ?? 'ok');
    expect(kinds).toEqual(['lost-response', 'ok', 'lost-response', 'ok']);
    expect(f.calls.map((c) => c.fault ?? 'ok')).toEqual(kinds);
    expect(f.describe()).toEqual([expect.objectContaining({ hits: 2, remaining: 0 })]);
  });

  it('matches service, one of several operations, and a resource', () => {
    const f = new FaultInjector();
    f.add({ service: 'EC2', operation: ['TerminateInstances', 'CreateTags'], resource: 'i-2', fault: { kind: 'error', status: 500 } });
    expect(f.decide(call('TerminateInstances', ['i-1'], 'EC2'))).toBeUndefined();
    expect(f.decide(call('TerminateInstances', ['i-1', 'i-2'], 'EC2'))).toEqual({ kind: 'error', status: 500 });
    expect(f.decide(call('CreateTags', ['i-2'], 'EC2'))).toBeDefined();
    expect(f.decide(call('CreateTags', ['i-2'], 'ELBv2'))).toBeUndefined();
    expect(f.decide(call('DeleteTags', ['i-2'], 'EC2'))).toBeUndefined();
  });

  it('opens and closes a time window', () => {
    let now = 1_000;
    const f = new FaultInjector({ now: () => now });
    f.add({ fault: { kind: 'throttle' }, afterMs: 500, forMs: 750 });
    const at = (t: number) => ((now = t), f.decide(call('X'))?.kind ?? 'ok');
    expect([at(1_400), at(1_500), at(2_249), at(2_250)]).toEqual(['ok', 'throttle', 'throttle', 'ok']);
  });

  it('draws a probability storm from its seed: the same storm on every run, close to the asked rate', () => {
    const storm = (seed: number) => {
      const f = new FaultInjector({ seed });
      f.add({ fault: { kind: 'throttle' }, probability: 0.8 });
      return Array.from({ length: 2_000 }, () => f.decide(call('X'))?.kind ?? 'ok');
    };
    expect(storm(7)).toEqual(storm(7));
    expect(storm(7)).not.toEqual(storm(8));
    const rate = storm(7).filter((k) => k === 'throttle').length / 2_000;
    expect(rate).toBeGreaterThan(0.76);
    expect(rate).toBeLessThan(0.84);
  });

  it('refuses rules that could never fire as meant (they also arrive as JSON from another process)', () => {
    const f = new FaultInjector();
    expect(() => f.add({ fault: { kind: 'explode' } } as never)).toThrow(/fault.kind, one of/);
    expect(() => f.add({ fault: { kind: 'throttle' }, probability: 2 })).toThrow(/probability/);
    expect(() => f.add({ fault: { kind: 'throttle' }, times: 0 })).toThrow(/times/);
    expect(() => f.add({ fault: { kind: 'latency' } } as never)).toThrow(/latency/);
  });

  it('never faults more calls than `times`, whatever the mix of calls (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('A', 'B', 'C'), { maxLength: 200 }), fc.integer({ min: 1, max: 20 }), (ops, times) => {
        const f = new FaultInjector();
        f.add({ operation: 'B', fault: { kind: 'reset' }, times });
        for (const op of ops) f.decide(call(op));
        const faulted = f.calls.filter((c) => c.fault);
        expect(faulted.every((c) => c.operation === 'B')).toBe(true);
        expect(faulted).toHaveLength(Math.min(times, ops.filter((o) => o === 'B').length));
      }),
    );
  });
});
