import { connect } from 'node:net';

export interface RawExchange {
  /** The response status, when the server answered. */
  status?: number;
  /** Everything the server sent. */
  text: string;
}

export interface RawRequestOptions {
  port: number;
  /** Request line and headers, without the blank line that ends them. */
  head: string;
  body: Buffer;
  /** How many body bytes to send (default: all). */
  send?: number;
  /** After sending: wait for the answer, half-close, or drop the connection (RST). */
  then?: 'wait' | 'end' | 'destroy';
  /** Send the body in pieces of this many bytes, this many ms apart. */
  trickle?: { bytes: number; everyMs: number };
  /** Give up waiting for the server after this long (the test then fails on the missing answer). */
  timeoutMs?: number;
}

/**
 * One HTTP/1.1 exchange over a raw socket, for requests no HTTP client would send: bodies
 * shorter than their Content-Length, connections cut mid-body, bodies trickled in.
 */
export function rawRequest(options: RawRequestOptions): Promise<RawExchange> {
  const { port, head, body, send = body.length, then = 'wait', trickle, timeoutMs = 15_000 } = options;
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer and no close within ${timeoutMs} ms for ${head.split('\r\n')[0]}`));
    }, timeoutMs);
    socket.on('data', (chunk) => (text += chunk.toString('latin1')));
    socket.on('error', () => undefined); // a reset from the server is one of the allowed outcomes
    socket.on('close', () => {
      clearTimeout(timer);
      const match = /^HTTP\/1\.1 (\d{3}) /.exec(text);
      resolve({ status: match ? Number(match[1]) : undefined, text });
    });
    socket.once('connect', async () => {
      socket.write(`${head}\r\n\r\n`);
      const part = body.subarray(0, send);
      if (trickle) {
        for (let i = 0; i < part.length && !socket.destroyed; i += trickle.bytes) {
          socket.write(part.subarray(i, i + trickle.bytes));
          await new Promise((r) => setTimeout(r, trickle.everyMs));
        }
      } else if (part.length > 0) {
        socket.write(part);
      }
      if (then === 'end') socket.end();
      else if (then === 'destroy') socket.resetAndDestroy();
    });
  });
}
