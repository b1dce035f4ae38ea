import type { Clock } from '../src/ports/clock';

/**
 * Per-call fault injection for the in-memory fakes, in the words of the wire: AWS operation
 * names and what goes wrong on the wire. The same rules drive the wire-level stand-in, so one
 * scenario list runs against both.
 *
 * - `throttle`: AWS answers 400 RequestLimitExceeded / Throttling; nothing applied.
 * - `error-500`: AWS answers 500 InternalError; nothing applied.
 * - `lost-response`: AWS APPLIES the call, then the connection drops before the answer.
 * - `reset`: the connection is reset before AWS sees the call; nothing applied.
 */
export type FaultKind = 'throttle' | 'error-500' | 'lost-response' | 'reset';

export interface FaultRule {
  /** AWS operation, e.g. "DeregisterTargets", "DescribeTargetHealth"; "*" for every call. */
  operation: string;
  kind: FaultKind;
  /** Fail this many matching calls, then stop (default: unlimited within the other bounds). */
  times?: number;
  /** Fail each matching call with this probability (a storm); default 1. */
  probability?: number;
  /** Let this many matching calls through first. */
  skip?: number;
  /** A burst: fail every matching call for this long, from the first one that fails. */
  burstMs?: number;
}

interface ActiveRule extends FaultRule {
  failed: number;
  seen: number;
  burstStart?: number;
}

export interface FaultEvent {
  operation: string;
  kind: FaultKind;
  at: number;
}

export class FaultInjector {
  private rules: ActiveRule[] = [];
  readonly events: FaultEvent[] = [];
  private seed: number;

  constructor(
    private readonly clock: Clock,
    seed = 12345,
  ) {
    this.seed = seed;
  }

  add(...rules: FaultRule[]): void {
    for (const r of rules) this.rules.push({ ...r, failed: 0, seen: 0 });
  }

  clear(): void {
    this.rules = [];
  }

  /** The fault this call suffers, if any (recorded in `events`). */
  decide(operation: string): FaultKind | undefined {
    const now = this.clock.now();
    for (const r of this.rules) {
      if (r.operation !== '*' && r.operation !== operation) continue;
      r.seen++;
      if (r.skip !== undefined && r.seen <= r.skip) continue;
      if (r.times !== undefined && r.failed >= r.times) continue;
      if (r.burstMs !== undefined) {
        r.burstStart ??= now;
        if (now - r.burstStart > r.burstMs) continue;
      }
      if (r.probability !== undefined && this.random() >= r.probability) continue;
      r.failed++;
      this.events.push({ operation, kind: r.kind, at: now });
      return r.kind;
    }
    return undefined;
  }

  /** Deterministic (xorshift) so a storm fails the same calls on every run. */
  private random(): number {
    let x = this.seed;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.seed = x >>> 0 || 1;
    return this.seed / 0x1_0000_0000;
  }
}

/**
 * The error the AWS adapter raises for a failed call: it names the service, the operation,
 * the resource and the attempts, and carries what AWS said (so it is classified like the
 * SDK's error: throttling, 5xx, reset).
 */
export function awsCallError(service: 'EC2' | 'ELBv2', operation: string, resource: string, kind: FaultKind): Error {
  const said: Record<FaultKind, { name: string; message: string; status?: number; code?: string }> = {
    throttle: { name: service === 'EC2' ? 'RequestLimitExceeded' : 'Throttling', message: 'Rate exceeded', status: 400 },
    'error-500': { name: 'InternalError', message: 'We encountered an internal error. Please try again.', status: 500 },
    'lost-response': { name: 'TimeoutError', message: 'socket hang up', code: 'ECONNRESET' },
    reset: { name: 'Error', message: 'read ECONNRESET', code: 'ECONNRESET' },
  };
  const s = said[kind];
  const cause = Object.assign(new Error(s.message), { name: s.name, code: s.code, $metadata: { httpStatusCode: s.status }, $fault: s.status === 500 ? 'server' : 'client' });
  if (kind === 'throttle') Object.assign(cause, { $retryable: { throttling: true } });
  const what = `${service} ${operation}${resource ? ` (${resource})` : ''}`;
  return Object.assign(new Error(`${what} failed after 1 attempt: ${s.status ? `${s.status} ` : ''}${s.name}: ${s.message}`, { cause }), {
    name: 'AwsCallError',
    service,
    operation,
  });
}
