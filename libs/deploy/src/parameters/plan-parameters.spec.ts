import fc from 'fast-check';
import { FakeParameters } from '../../testing/fake-parameters';
import { MemoryLogger } from '../../testing/memory-logger';
import { applyParameterPlan } from './apply-parameters';
import { describeParameterPlan, planParameterChanges } from './plan-parameters';

const PATH = '/eapd/production';
const variableName = fc.stringMatching(/^[A-Z][A-Z0-9_]{0,11}$/);
/** Every value carries « », which no name, path or key id holds: a printed plan with « leaked one. */
const value = fc.string({ unit: 'binary', maxLength: 60 }).map((v) => `«${v.replace(/\0/g, '')}»`);
const settings = fc.dictionary(variableName, value, { maxKeys: 8 });

describe('planParameterChanges + applyParameterPlan', () => {
  it('always ends with exactly the desired settings under the path, touching nothing else, and the plan holds no value', async () => {
    await fc.assert(
      fc.asyncProperty(settings, settings, fc.boolean(), async (before, desired, keyChanges) => {
        const store = new FakeParameters();
        for (const [k, v] of Object.entries(before)) store.seed(`${PATH}/${k}`, v);
        store.seed('/eapd/staging/DATABASE_URL', 'other environment');
        store.seed(`${PATH}/nested/DEEPER`, 'not directly under the path');
        const target = { path: `${PATH}/`, ...(keyChanges ? { kmsKeyId: 'alias/eapd-production' } : {}) };
        const plan = planParameterChanges(target, desired, await store.readPath(PATH));
        const printed = JSON.stringify(plan) + describeParameterPlan(plan).details.join('\n') + describeParameterPlan(plan).summary;
        expect(printed).not.toContain('«');
        await applyParameterPlan(plan, desired, { parameters: store, logger: new MemoryLogger() });
        expect(store.valuesUnder(PATH)).toEqual(desired);
        expect(store.store.get('/eapd/staging/DATABASE_URL')?.value).toBe('other environment');
        expect(store.store.get(`${PATH}/nested/DEEPER`)?.value).toBe('not directly under the path');
        const writes = store.calls.filter((c) => c.method === 'write').map((c) => c.target.slice(PATH.length + 1));
        const expectedWrites = Object.keys(desired).filter((k) => before[k] !== desired[k] || keyChanges).sort();
        expect(writes.sort()).toEqual(expectedWrites);
      }),
      { numRuns: 150 },
    );
  });

  it('describes each change by variable and action only', () => {
    const plan = planParameterChanges({ path: PATH }, { B: 'same', C: 'new' }, [
      { name: `${PATH}/A`, value: 'gone', secure: true, keyId: 'alias/aws/ssm' },
      { name: `${PATH}/B`, value: 'same', secure: true, keyId: 'alias/aws/ssm' },
    ]);
    expect(describeParameterPlan(plan)).toEqual({
      summary: 'Write the instance settings to Parameter Store under /eapd/production/: 2 change(s), 1 unchanged (SecureString, KMS key alias/aws/ssm)',
      details: ['unchanged  B', 'create     C', 'delete     A'],
    });
  });

  it('treats a key ARN and its alias or id as one key when comparing (no needless re-encryption)', () => {
    const arn = 'arn:aws:kms:us-east-1:123456789012:alias/eapd';
    const plan = planParameterChanges({ path: PATH, kmsKeyId: 'alias/eapd' }, { A: 'v' }, [{ name: `${PATH}/A`, value: 'v', secure: true, keyId: arn }]);
    expect(plan.changes[0].action).toBe('unchanged');
  });

  it('refuses values Parameter Store or an env file cannot hold, naming the variable and never the value', () => {
    const attempt = () => planParameterChanges({ path: PATH }, { EMPTY: '', NUL: 'a\0b-LEAK', BIG: 'x'.repeat(4097) + 'LEAK', 'bad-name': 'v' }, []);
    expect(attempt).toThrow(/EMPTY: is empty[\s\S]*NUL: contains a NUL[\s\S]*BIG: is 4101 bytes; a Standard parameter holds at most 4096[\s\S]*bad-name: not a valid environment variable name/);
    expect(() => attempt()).not.toThrow(/LEAK/);
  });
});
