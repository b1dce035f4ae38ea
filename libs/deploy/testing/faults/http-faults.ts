import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Fault } from './fault-injector';

/** A complete HTTP answer, produced before anything is written (so it can also be dropped). */
export interface HttpAnswer {
  status: number;
  headers?: Record<string, string>;
  body: string | Buffer;
}

export type ErrorFault = Extract<Fault, { kind: 'throttle' | 'error' }>;

export interface FaultedCall {
  /** Applies the call and returns its answer. */
  produce(): Promise<HttpAnswer>;
  /** The service's error answer for a throttle/error fault, in its own protocol. */
  renderError(fault: ErrorFault): HttpAnswer;
}

/**
 * Answers one request, applying `fault` if there is one:
 * - throttle / error: the service's error answer; the call is NOT applied;
 * - reset: the connection is reset at once; the call is NOT applied;
 * - lost-response: the call IS applied, then the connection is dropped without an answer;
 * - latency: the call is applied and answered after the delay.
 */
export async function answerWithFault(req: IncomingMessage, res: ServerResponse, fault: Fault | undefined, call: FaultedCall): Promise<void> {
  switch (fault?.kind) {
    case 'throttle':
    case 'error':
      return send(res, call.renderError(fault));
    case 'reset':
      return drop(req.socket);
    case 'lost-response':
      await call.produce();
      return drop(req.socket);
    case 'latency':
      await new Promise((r) => setTimeout(r, fault.ms));
      if (req.socket.destroyed) return;
      return send(res, await call.produce());
    default:
      return send(res, await call.produce());
  }
}

export function send(res: ServerResponse, answer: HttpAnswer): void {
  const body = typeof answer.body === 'string' ? Buffer.from(answer.body) : answer.body;
  res.writeHead(answer.status, { 'content-length': String(body.length), ...answer.headers });
  res.end(body);
}

/** A TCP reset where Node offers one (the client sees ECONNRESET), else a plain close. */
function drop(socket: Socket): void {
  const s = socket as Socket & { resetAndDestroy?: () => void };
  if (typeof s.resetAndDestroy === 'function') s.resetAndDestroy();
  else s.destroy();
}

/** Reads a request body whole (stand-in requests are small). */
export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
