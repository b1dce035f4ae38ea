import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Polls `url` until it answers 2xx. Every 10 s it says what it is still waiting for, so a slow
 * first compile on a busy machine never looks like a hang.
 */
export async function waitForHttp(url, { timeoutMs, child, name, waitingFor, say }) {
  const started = Date.now();
  const deadline = started + timeoutMs;
  let nextNote = started + 10_000;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${name} exited (${child.signalCode ?? `code ${child.exitCode}`}) before it was ready; see its output above.`);
    }
    try {
      // The dev server holds requests until its first compile ends: ask again every few seconds
      // rather than wait on one request, so the progress line below keeps coming.
      const response = await fetch(url, { signal: AbortSignal.timeout(3000) });
      if (response.ok) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = error.name === 'TimeoutError' ? 'no answer within 3 s' : (error.cause?.code ?? error.message);
    }
    if (Date.now() >= nextNote) {
      say(`still waiting for ${name} (${waitingFor}): ${Math.round((Date.now() - started) / 1000)} s ...`);
      nextNote += 10_000;
    }
    await sleep(300);
  }
  throw new Error(`${name} did not answer ${url} within ${timeoutMs / 1000} s (last: ${last}).`);
}
