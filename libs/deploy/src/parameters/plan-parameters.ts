import { DEFAULT_PARAMETERS_KMS_KEY, type ParameterStoreTarget } from '@eapd/config';
import { DeployError } from '../log/errors';
import type { StoredParameter } from '../ports/parameters';

/**
 * What writing an environment's instance settings to Parameter Store will change, decided by
 * comparing values in memory (never printed): only what differs is written. The deploy owns
 * everything directly under the path, so a variable that is no longer configured (e.g. Okta
 * switched off) is deleted rather than left for the next instance to read.
 */
export type ParameterAction =
  /** Not there yet. */
  | 'create'
  /** There, with another value. */
  | 'update'
  /** Same value, encrypted with another KMS key than the one configured now. */
  | 're-encrypt'
  /** A plain String parameter someone created by hand: deleted and written as a SecureString. */
  | 'replace'
  /** There, but no longer configured. */
  | 'delete'
  | 'unchanged';

export interface ParameterChange {
  /** The instance's variable name, e.g. DATABASE_URL. */
  variable: string;
  /** The parameter's full name, e.g. /eapd/staging/DATABASE_URL. */
  name: string;
  action: ParameterAction;
}

/** Plain data, no values: safe to print (it is the plan step's details) and to log. */
export interface ParameterPlan {
  path: string;
  /** The KMS key new values are encrypted with, for people (the default's alias when none is configured). */
  keyId: string;
  /** The configured key, passed as PutParameter's KeyId; absent: Parameter Store's default key. */
  kmsKeyId?: string;
  changes: ParameterChange[];
}

/** Parameter Store's Standard tier holds values up to 4 KB. */
export const MAX_PARAMETER_VALUE_BYTES = 4096;
const VARIABLE = /^[A-Z_][A-Z0-9_]*$/;

export function planParameterChanges(target: ParameterStoreTarget, desired: Record<string, string>, current: StoredParameter[]): ParameterPlan {
  const path = target.path.replace(/\/+$/, '');
  const keyId = target.kmsKeyId ?? DEFAULT_PARAMETERS_KMS_KEY;
  checkValues(desired);
  const byName = new Map(current.map((p) => [p.name, p]));
  const changes: ParameterChange[] = [];
  for (const variable of Object.keys(desired).sort()) {
    const name = `${path}/${variable}`;
    const stored = byName.get(name);
    changes.push({ variable, name, action: actionFor(stored, desired[variable], keyId) });
  }
  for (const stored of [...current].sort((a, b) => a.name.localeCompare(b.name))) {
    const variable = stored.name.slice(path.length + 1);
    if (!(variable in desired)) changes.push({ variable, name: stored.name, action: 'delete' });
  }
  return { path, keyId, ...(target.kmsKeyId ? { kmsKeyId: target.kmsKeyId } : {}), changes };
}

function actionFor(stored: StoredParameter | undefined, value: string, keyId: string): ParameterAction {
  if (!stored) return 'create';
  if (!stored.secure) return 'replace';
  if (stored.value !== value) return 'update';
  if (stored.keyId !== undefined && sameKey(stored.keyId, keyId) === false) return 're-encrypt';
  return 'unchanged';
}

/** Compares what Parameter Store reports with what is configured: an ARN and its bare key id or alias are the same key. */
function sameKey(a: string, b: string): boolean {
  const bare = (k: string) => k.replace(/^arn:[^:]+:kms:[^:]*:\d*:/, '');
  return bare(a) === bare(b);
}

/** Refuses what Parameter Store or the instance's env file could not carry, naming the variable (never the value). */
function checkValues(desired: Record<string, string>): void {
  const problems: string[] = [];
  for (const [variable, value] of Object.entries(desired)) {
    if (!VARIABLE.test(variable)) problems.push(`${variable}: not a valid environment variable name`);
    if (value === '') problems.push(`${variable}: is empty (Parameter Store cannot hold an empty value)`);
    if (value.includes('\0')) problems.push(`${variable}: contains a NUL character, which no environment variable can hold`);
    if (Buffer.byteLength(value, 'utf8') > MAX_PARAMETER_VALUE_BYTES) {
      problems.push(`${variable}: is ${Buffer.byteLength(value, 'utf8')} bytes; a Standard parameter holds at most ${MAX_PARAMETER_VALUE_BYTES}`);
    }
  }
  if (problems.length > 0) {
    throw new DeployError(`Cannot store the instance settings in Parameter Store:\n  ${problems.join('\n  ')}`, {
      hint: 'Fix the variables named above (their values are not shown: they may be secrets).',
    });
  }
}

/** Counts per action, e.g. { update: 1, unchanged: 11 }. */
export function countChanges(plan: ParameterPlan): Partial<Record<ParameterAction, number>> {
  const counts: Partial<Record<ParameterAction, number>> = {};
  for (const c of plan.changes) counts[c.action] = (counts[c.action] ?? 0) + 1;
  return counts;
}

export function hasChanges(plan: ParameterPlan): boolean {
  return plan.changes.some((c) => c.action !== 'unchanged');
}

/** The plan step's summary and details: names and actions, never values. */
export function describeParameterPlan(plan: ParameterPlan): { summary: string; details: string[] } {
  const counts = countChanges(plan);
  const changed = plan.changes.filter((c) => c.action !== 'unchanged');
  const unchanged = counts.unchanged ?? 0;
  const summary = changed.length
    ? `Write the instance settings to Parameter Store under ${plan.path}/: ${changed.length} change(s), ${unchanged} unchanged (SecureString, KMS key ${plan.keyId})`
    : `Instance settings in Parameter Store under ${plan.path}/ are up to date (${unchanged} unchanged, KMS key ${plan.keyId})`;
  const width = Math.max(0, ...plan.changes.map((c) => c.action.length));
  return { summary, details: plan.changes.map((c) => `${c.action.padEnd(width)}  ${c.variable}`) };
}
