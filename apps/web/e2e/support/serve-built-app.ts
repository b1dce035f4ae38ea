import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { runNx, WORKSPACE } from './processes';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.ico': 'image/x-icon',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
};

export interface ServedApp {
  url: string;
  close: () => Promise<void>;
}

/** What a deploy writes as /config.json next to the build (apps/web/src/config/runtime-config.ts). */
export interface RuntimeConfigFile {
  apiUrl: string;
  okta: { issuer: string; clientId: string } | null;
}

/**
 * Serves the BUILT app (what S3 serves in production) with an SPA fallback to index.html and
 * the environment's /config.json (default: the API at /api), and proxies /api to the API,
 * like the preview's nginx.
 */
export async function serveBuiltApp(
  apiUrl: string | undefined,
  runtimeConfig: RuntimeConfigFile = { apiUrl: '/api', okta: null },
): Promise<ServedApp> {
  const root = join(WORKSPACE, 'dist/apps/web');
  if (!existsSync(join(root, 'index.html'))) runNx(['build', 'web']);
  const api = apiUrl ? new URL(apiUrl) : undefined;

  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]);
    if (path === '/config.json') {
      // The deploy uploads it with Cache-Control: no-cache; it is never part of the build.
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-cache' });
      res.end(JSON.stringify(runtimeConfig));
      return;
    }
    if (api && (path === '/api' || path.startsWith('/api/'))) {
      const upstream = request(
        { host: api.hostname, port: api.port, path: req.url, method: req.method, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', (error) => {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`proxy error: ${error.message}`);
      });
      req.pipe(upstream);
      return;
    }
    const file = normalize(join(root, path));
    const inside = file.startsWith(root) && existsSync(file) && statSync(file).isFile();
    const target = inside ? file : join(root, 'index.html');
    res.writeHead(200, { 'content-type': TYPES[extname(target)] ?? 'application/octet-stream' });
    createReadStream(target).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
