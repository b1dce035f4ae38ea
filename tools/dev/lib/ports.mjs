// Port choice for `npm start`: the usual port when it is free, otherwise any free one, and
// always a sentence saying which it is, so a busy 4200/8000 never looks like a silent failure.
import { createServer } from 'node:net';

function listenOnce(port) {
  return new Promise((done) => {
    const server = createServer();
    server.once('error', (error) => done({ ok: false, code: error.code }));
    server.listen(port, '127.0.0.1', () => {
      const { port: bound } = server.address();
      server.close(() => done({ ok: true, port: bound }));
    });
  });
}

/** Returns { port, note }: `note` is set when `preferred` could not be used and says why. */
export async function choosePort(preferred, what) {
  const first = await listenOnce(preferred);
  if (first.ok) return { port: first.port }; // preferred 0 means any free port
  const fallback = await listenOnce(0);
  if (!fallback.ok) throw new Error(`no free TCP port for ${what} on 127.0.0.1 (${fallback.code}).`);
  const why = first.code === 'EADDRINUSE' ? 'is already in use (another npm start, nx serve, or some other program)' : `cannot be used (${first.code})`;
  return {
    port: fallback.port,
    note: `port ${preferred} for ${what} ${why}; using port ${fallback.port} instead. Stop the other program to get ${preferred} back.`,
  };
}
