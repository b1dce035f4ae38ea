import type { ServerResponse } from 'node:http';

/**
 * Test-only: the protocol-neutral half of fault injection for our HTTP stand-ins of AWS
 * services. A stand-in asks `take(operation)` before it answers each request and, when a fault
 * comes back, plays it in its own protocol (SSM: a JSON `ThrottlingException`; EC2: an XML
 * `RequestLimitExceeded`; …). Rules fire in the order they were added, each a bounded number
 * of times, so a test states exactly which calls fail and can assert they all fired.
 */
export type WireFault =
  /** The service's "slow down" error: the SDK's standard retry strategy retries it. */
  | { kind: 'throttle' }
  /** HTTP 500 InternalError: retried too. */
  | { kind: 'server-error' }
  /** The connection is closed before the call is carried out: nothing changed. */
  | { kind: 'drop-request' }
  /** The call IS carried out, then the connection is closed: the answer is lost. */
  | { kind: 'drop-response' }
  /** The answer is held back this long (the caller's timeout, or a slow service). */
  | { kind: 'delay'; ms: number };

interface Rule {
  operation: string;
  fault: WireFault;
  remaining: number;
}

export class FaultPlan {
  private readonly rules: Rule[] = [];
  /** Every fault played, in order: what a test asserts against. */
  readonly fired: Array<{ operation: string; kind: WireFault['kind'] }> = [];

  /** The next `times` calls of `operation` ("*": any) get `fault`. */
  inject(operation: string, fault: WireFault, times = 1): this {
    this.rules.push({ operation, fault, remaining: times });
    return this;
  }

  /** The fault for this call, if any (consumed). */
  take(operation: string): WireFault | undefined {
    const rule = this.rules.find((r) => r.remaining > 0 && (r.operation === operation || r.operation === '*'));
    if (!rule) return undefined;
    rule.remaining -= 1;
    this.fired.push({ operation, kind: rule.fault.kind });
    return rule.fault;
  }

  /** Faults still waiting to fire (a test that expected all of them to fire checks this is 0). */
  get pending(): number {
    return this.rules.reduce((n, r) => n + r.remaining, 0);
  }

  clear(): void {
    this.rules.length = 0;
  }
}

/** Closes the connection under a response without answering: what a lost response looks like. */
export function dropConnection(res: ServerResponse): void {
  res.socket?.destroy();
}
