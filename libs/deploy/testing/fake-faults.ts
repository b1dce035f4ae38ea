import { AwsCallError, type AwsCallFailure, type AwsService } from '../src/ports/aws-call-error';
import type { FakeClock } from './fake-clock';
import type { Fault, FaultInjector } from './faults/fault-injector';

export interface FakeCall {
  service: AwsService;
  operation: string;
  /** What the call names (ids, the target group ARN and name), for rules with `resource`. */
  resources: string[];
  /** For the error message: "i-1, i-2", "target group api". */
  resource?: string;
}

/**
 * Applies the fault a rule gives this call, as the in-memory fakes' version of the wire
 * stand-in's `answerWithFault`: same rules (testing/faults), same meaning.
 * - throttle / error / reset: nothing applied, the call fails;
 * - lost-response: APPLIED, then the call fails as a dropped connection does;
 * - latency: applied after the (virtual) delay.
 * The error is the AwsCallError the adapter would raise for that answer after one attempt
 * (the fakes stand for adapter + AWS; the engine does its own retrying on top).
 */
export async function withFault<T>(faults: FaultInjector, clock: FakeClock, call: FakeCall, apply: () => T): Promise<T> {
  const fault = faults.decide({ service: call.service, operation: call.operation, resources: call.resources });
  if (!fault) return apply();
  if (fault.kind === 'latency') {
    await clock.sleep(fault.ms);
    return apply();
  }
  if (fault.kind === 'lost-response') apply();
  throw faultError(call, fault);
}

export function faultError(call: FakeCall, fault: Fault): AwsCallError {
  const answers: Record<string, Omit<AwsCallFailure, 'service' | 'operation' | 'attempts'>> = {
    throttle: { kind: 'throttled', status: 400, code: call.service === 'EC2' ? 'RequestLimitExceeded' : 'Throttling', awsMessage: 'Rate exceeded' },
    reset: { kind: 'transient', code: 'ECONNRESET', awsMessage: 'read ECONNRESET' },
    'lost-response': { kind: 'transient', code: 'ECONNRESET', awsMessage: 'socket hang up' },
  };
  let answer = answers[fault.kind];
  if (fault.kind === 'error') {
    const status = fault.status ?? 500;
    answer = { kind: status >= 500 ? 'transient' : 'rejected', status, code: fault.code ?? 'InternalError', awsMessage: fault.message ?? 'We encountered an internal error. Please try again.' };
  }
  return new AwsCallError({ service: call.service, operation: call.operation, resource: call.resource, attempts: 1, ...answer });
}
