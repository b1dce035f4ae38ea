/**
 * Fault injection per API call, for any HTTP stand-in (EC2, ELBv2, S3 here; SSM may reuse it).
 * A rule matches calls by service, operation and resource, for the next N matching calls
 * and/or a time window, optionally with a probability (seeded, so a storm is reproducible).
 * The stand-in asks `decide(call)` once per request and applies the fault it gets
 * (http-faults.ts); every call is recorded with what was done to it.
 */

export type Fault =
  /** The service's own throttling answer (EC2 RequestLimitExceeded, ELBv2 Throttling, S3 SlowDown 503). */
  | { kind: 'throttle' }
  /** An error answer; default 500 InternalError. */
  | { kind: 'error'; status?: number; code?: string; message?: string }
  /** The call is applied, then the connection is dropped without a response. */
  | { kind: 'lost-response' }
  /** The connection is reset before the call is applied. */
  | { kind: 'reset' }
  /** The answer comes this much later (the call is applied after the delay). */
  | { kind: 'latency'; ms: number };

export type FaultKind = Fault['kind'];

export interface FaultRuleSpec {
  /** "EC2", "ELBv2", "S3", "SSM"; any when absent. */
  service?: string;
  /** The API operation(s), as AWS names them ("DescribeTargetHealth"); any when absent. */
  operation?: string | string[];
  /** Matches when the call names this resource (an instance id, a target group ARN or name, an S3 key). */
  resource?: string;
  fault: Fault;
  /** Fault only the next N matching calls. */
  times?: number;
  /** The window opens this long after the rule is added (default at once)… */
  afterMs?: number;
  /** …and stays open this long (default until removed). */
  forMs?: number;
  /** Each matching call in the window is faulted with this probability (default 1). */
  probability?: number;
  /** A name for logs and the control API. */
  label?: string;
}

export interface CallInfo {
  service: string;
  operation: string;
  /** Whatever the call names: ids, ARNs, names, keys. */
  resources: string[];
}

export interface CallRecord extends CallInfo {
  at: number;
  /** The fault applied to this call, if any. */
  fault?: FaultKind;
  ruleId?: number;
}

interface ActiveRule {
  id: number;
  spec: FaultRuleSpec;
  addedAt: number;
  remaining: number;
  hits: number;
}

export class FaultInjector {
  readonly calls: CallRecord[] = [];
  private rules: ActiveRule[] = [];
  private nextId = 1;
  private random: () => number;
  private readonly now: () => number;

  constructor(options: { now?: () => number; seed?: number } = {}) {
    this.now = options.now ?? Date.now;
    this.random = mulberry32(options.seed ?? 0x5eed);
  }

  /** Adds a rule; returns its id (for `remove`). Rules are tried in the order they were added. */
  add(spec: FaultRuleSpec): number {
    validateRule(spec);
    const id = this.nextId++;
    this.rules.push({ id, spec, addedAt: this.now(), remaining: spec.times ?? Infinity, hits: 0 });
    return id;
  }

  remove(id: number): void {
    this.rules = this.rules.filter((r) => r.id !== id);
  }

  /** Removes every rule and restarts the random sequence (the call log is kept). */
  clear(seed?: number): void {
    this.rules = [];
    if (seed !== undefined) this.random = mulberry32(seed);
  }

  /** The fault for this call, if a rule says so; records the call either way. */
  decide(call: CallInfo): Fault | undefined {
    const now = this.now();
    const record: CallRecord = { ...call, at: now };
    this.calls.push(record);
    for (const rule of this.rules) {
      if (!matches(rule, call, now)) continue;
      if (rule.spec.probability !== undefined && this.random() >= rule.spec.probability) continue;
      rule.remaining -= 1;
      rule.hits += 1;
      record.fault = rule.spec.fault.kind;
      record.ruleId = rule.id;
      return rule.spec.fault;
    }
    return undefined;
  }

  /** Recorded calls of one operation (all when absent). */
  callsOf(operation?: string, service?: string): CallRecord[] {
    return this.calls.filter((c) => (!operation || c.operation === operation) && (!service || c.service === service));
  }

  /** The rules with how often each fired, for the control API and test messages. */
  describe(): Array<FaultRuleSpec & { id: number; hits: number; remaining: number | null }> {
    return this.rules.map((r) => ({ ...r.spec, id: r.id, hits: r.hits, remaining: Number.isFinite(r.remaining) ? r.remaining : null }));
  }
}

function matches(rule: ActiveRule, call: CallInfo, now: number): boolean {
  const s = rule.spec;
  if (rule.remaining <= 0) return false;
  if (s.service && s.service !== call.service) return false;
  if (s.operation && !(Array.isArray(s.operation) ? s.operation : [s.operation]).includes(call.operation)) return false;
  if (s.resource && !call.resources.includes(s.resource)) return false;
  const opens = rule.addedAt + (s.afterMs ?? 0);
  if (now < opens) return false;
  return s.forMs === undefined || now < opens + s.forMs;
}

const KINDS: FaultKind[] = ['throttle', 'error', 'lost-response', 'reset', 'latency'];

/** Rules also arrive as JSON from another process: refuse what would silently never fire. */
function validateRule(spec: FaultRuleSpec): void {
  if (!spec || typeof spec !== 'object' || !spec.fault || !KINDS.includes(spec.fault.kind)) {
    throw new Error(`a fault rule needs fault.kind, one of ${KINDS.join(', ')}; got ${JSON.stringify(spec)}`);
  }
  if (spec.fault.kind === 'latency' && !(spec.fault.ms >= 0)) throw new Error('a latency fault needs ms >= 0');
  if (spec.probability !== undefined && !(spec.probability >= 0 && spec.probability <= 1)) throw new Error('probability must be within 0..1');
  if (spec.times !== undefined && !(Number.isInteger(spec.times) && spec.times > 0)) throw new Error('times must be a positive whole number');
}

/** A small seeded PRNG, so a "80 % throttling" storm is the same storm on every run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
