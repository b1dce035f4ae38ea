import helmet from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';

export type HeaderList = ReadonlyArray<readonly [string, string]>;

/**
 * helmet's headers, asked of helmet once at start-up. With its default policy none of them
 * depends on the request (no directive is a function), and running its thirteen middleware
 * functions on every request was a visible share of the list route's CPU in tools/bench/api.
 * security-headers.spec.ts holds that these are exactly what helmet() sends.
 */
export function helmetHeaders(options?: Parameters<typeof helmet>[0]): HeaderList {
  const headers = new Map<string, string>();
  const response = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers.set(name, Array.isArray(value) ? value.join(', ') : String(value));
      return response;
    },
    removeHeader(name: string) {
      headers.delete(name);
    },
  };
  let finished = false;
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error;
    finished = true;
  });
  if (!finished) throw new Error('helmet did not finish at once: its headers cannot be computed ahead of requests.');
  return [...headers];
}
