import { MemoryLogger } from '../../testing/memory-logger';
import { SsmStandIn } from '../../testing/ssm-stand-in';
import { DeployError } from '../log/errors';
import { applyParameterPlan } from '../parameters/apply-parameters';
import { planParameterChanges, type ParameterPlan } from '../parameters/plan-parameters';
import { createSsmParameters, type SsmParameters } from './ssm-parameters';

/**
 * The Parameters adapter through the real SDK client against the local SSM stand-in:
 * pagination, decryption, KMS key ids, throttling and lost responses, and the plan/apply pair
 * on top of it writing only what changed.
 */
const CI = { accessKeyId: 'AKIADEPLOYUSER000001', secretAccessKey: 'ci-secret' };
const PATH = '/eapd/staging';

let ssm: SsmStandIn;
let parameters: SsmParameters;

function env(stand: SsmStandIn): Record<string, string> {
  return { AWS_ENDPOINT_URL_SSM: stand.url, AWS_ACCESS_KEY_ID: CI.accessKeyId, AWS_SECRET_ACCESS_KEY: CI.secretAccessKey };
}

async function sync(desired: Record<string, string>, kmsKeyId?: string): Promise<ParameterPlan> {
  const target = { path: PATH, ...(kmsKeyId ? { kmsKeyId } : {}) };
  const plan = planParameterChanges(target, desired, await parameters.readPath(PATH));
  await applyParameterPlan(plan, desired, { parameters, logger: new MemoryLogger() });
  return plan;
}

const settings = (n: number, tweak: Record<string, string> = {}) => ({
  ...Object.fromEntries(Array.from({ length: n }, (_, i) => [`VAR_${String(i).padStart(2, '0')}`, `value ${i} with 'quotes' $HOME \\ \n and ünïcode`])),
  ...tweak,
});

beforeEach(async () => {
  ssm = await new SsmStandIn().start();
  parameters = createSsmParameters('us-east-1', env(ssm));
});
afterEach(() => ssm.close());

describe('SsmParameters against the SSM stand-in', () => {
  // The SDK backs off throttling errors from 500 ms, doubling with jitter: 8 throttled calls
  // take several seconds of real waiting, more on a loaded machine.
  jest.setTimeout(60_000);

  it('writes only what changed: everything once, nothing the second time, then just the changed and the removed', async () => {
    const first = await sync(settings(12));
    expect(first.changes.every((c) => c.action === 'create')).toBe(true);
    expect(ssm.callsOf('PutParameter')).toHaveLength(12);
    expect(ssm.all().map((p) => [p.name, p.type])).toContainEqual([`${PATH}/VAR_00`, 'SecureString']);

    ssm.calls.length = 0;
    const again = await sync(settings(12));
    expect(again.changes.every((c) => c.action === 'unchanged')).toBe(true);
    expect(ssm.calls.map((c) => c.operation)).toEqual(['GetParametersByPath', 'GetParametersByPath', 'DescribeParameters']);

    ssm.calls.length = 0;
    const desired = settings(12, { VAR_03: 'a new value' });
    delete desired['VAR_11'];
    await sync(desired);
    expect(ssm.callsOf('PutParameter').map((c) => c.input['Name'])).toEqual([`${PATH}/VAR_03`]);
    expect(ssm.callsOf('DeleteParameters').map((c) => c.input['Names'])).toEqual([[`${PATH}/VAR_11`]]);
    expect(ssm.get(`${PATH}/VAR_03`)?.value).toBe('a new value');
    expect(ssm.get(`${PATH}/VAR_11`)).toBeUndefined();
    // The stand-in never records a value: nothing in the call log can leak one.
    expect(JSON.stringify(ssm.calls)).not.toContain('a new value');
  });

  it('follows every page of GetParametersByPath, decrypted, one level deep, byte for byte', async () => {
    const stand = await new SsmStandIn({ pageSize: 4 }).start();
    try {
      const values = settings(23);
      for (const [k, v] of Object.entries(values)) stand.put(`${PATH}/${k}`, v);
      stand.put(`${PATH}/nested/DEEPER`, 'not ours');
      stand.put('/eapd/staging-old/VAR_00', 'a sibling path');
      stand.put('/eapd/production/VAR_00', 'another environment');
      const read = await createSsmParameters('us-east-1', env(stand)).readPath(PATH);
      expect(Object.fromEntries(read.map((p) => [p.name.slice(PATH.length + 1), p.value]))).toEqual(values);
      expect(read.every((p) => p.secure && p.keyId === 'alias/aws/ssm')).toBe(true);
      const pages = stand.callsOf('GetParametersByPath');
      expect(pages).toHaveLength(6);
      expect(pages.every((c) => c.input['WithDecryption'] === true && c.input['Recursive'] === false && c.input['Path'] === PATH)).toBe(true);
      expect(pages.slice(1).every((c) => typeof c.input['NextToken'] === 'string')).toBe(true);
    } finally {
      await stand.close();
    }
  });

  it('reads nothing (and asks no more) under an empty path', async () => {
    await expect(parameters.readPath('/eapd/nothing-here')).resolves.toEqual([]);
    expect(ssm.calls.map((c) => c.operation)).toEqual(['GetParametersByPath']);
  });

  it('retries throttling on every call it makes, and gets there', async () => {
    ssm.faults.add({ operation: 'GetParametersByPath', fault: { kind: 'throttle' }, times: 2 });
    ssm.faults.add({ operation: 'PutParameter', fault: { kind: 'throttle' }, times: 3 });
    ssm.faults.add({ operation: 'DescribeParameters', fault: { kind: 'throttle' }, times: 1 });
    await sync(settings(3));
    ssm.faults.add({ operation: 'DeleteParameters', fault: { kind: 'throttle' }, times: 2 });
    await sync({ VAR_00: settings(1)['VAR_00'] });
    expect(ssm.faults.describe().map((r) => r.remaining)).toEqual([0, 0, 0, 0]);
    expect(ssm.faults.calls.filter((c) => c.fault).map((c) => c.fault)).toEqual(Array(8).fill('throttle'));
    expect(ssm.all().map((p) => p.name)).toEqual([`${PATH}/VAR_00`]);
  });

  it('a PutParameter whose answer is lost, or reset before it lands, is retried and lands with the right value', async () => {
    ssm.faults.add({ operation: 'PutParameter', fault: { kind: 'lost-response' }, times: 1 });
    await sync({ SESSION_SECRET: 'x'.repeat(40) });
    expect(ssm.faults.describe()[0].remaining).toBe(0);
    expect(ssm.get(`${PATH}/SESSION_SECRET`)).toMatchObject({ value: 'x'.repeat(40), version: 2 });
    ssm.faults.add({ operation: 'PutParameter', fault: { kind: 'reset' }, times: 1 });
    ssm.faults.add({ operation: 'GetParametersByPath', fault: { kind: 'error', status: 503, code: 'ServiceUnavailable' }, times: 1 });
    await sync({ SESSION_SECRET: 'y'.repeat(40) });
    expect(ssm.get(`${PATH}/SESSION_SECRET`)).toMatchObject({ value: 'y'.repeat(40), version: 3 });
  });

  it('passes the configured KMS key id, and re-encrypts every value when the key changes', async () => {
    await sync(settings(2), 'alias/eapd-staging');
    expect(ssm.callsOf('PutParameter').map((c) => [c.input['KeyId'], c.input['Type'], c.input['Overwrite']])).toEqual([
      ['alias/eapd-staging', 'SecureString', true],
      ['alias/eapd-staging', 'SecureString', true],
    ]);
    expect((await parameters.readPath(PATH)).map((p) => p.keyId)).toEqual(['alias/eapd-staging', 'alias/eapd-staging']);

    ssm.calls.length = 0;
    const arn = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const plan = await sync(settings(2), arn);
    expect(plan.changes.map((c) => c.action)).toEqual(['re-encrypt', 're-encrypt']);
    expect(ssm.callsOf('PutParameter').map((c) => c.input['KeyId'])).toEqual([arn, arn]);

    // Back to the default key: no KeyId is sent, and Parameter Store uses alias/aws/ssm.
    ssm.calls.length = 0;
    await sync(settings(2));
    expect(ssm.callsOf('PutParameter').map((c) => 'KeyId' in c.input)).toEqual([false, false]);
    expect(ssm.all().map((p) => p.keyId)).toEqual(['alias/aws/ssm', 'alias/aws/ssm']);
  });

  it('replaces a plain String parameter made by hand with a SecureString', async () => {
    ssm.put(`${PATH}/VAR_00`, 'typed in the console', { type: 'String' });
    const plan = await sync(settings(1));
    expect(plan.changes).toEqual([{ variable: 'VAR_00', name: `${PATH}/VAR_00`, action: 'replace' }]);
    expect(ssm.get(`${PATH}/VAR_00`)).toMatchObject({ type: 'SecureString', value: settings(1)['VAR_00'] });
  });

  it('deletes in batches of ten (the API limit)', async () => {
    for (const [k, v] of Object.entries(settings(23))) ssm.put(`${PATH}/${k}`, v);
    await sync({});
    expect(ssm.callsOf('DeleteParameters').map((c) => (c.input['Names'] as string[]).length)).toEqual([10, 10, 3]);
    expect(ssm.all()).toEqual([]);
  });

  it('turns AccessDenied into an error that says which path and what the deploy user needs', async () => {
    const stand = await new SsmStandIn({ principals: { [CI.accessKeyId]: { readPaths: ['/eapd/production'], writePaths: [] } } }).start();
    try {
      const error = await createSsmParameters('us-east-1', env(stand)).readPath(PATH).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DeployError);
      expect((error as DeployError).message).toBe('Parameter Store refused to read the parameters under /eapd/staging (AccessDenied).');
      expect((error as DeployError).hint).toMatch(/ssm:GetParametersByPath.*README/);
    } finally {
      await stand.close();
    }
  });
});
