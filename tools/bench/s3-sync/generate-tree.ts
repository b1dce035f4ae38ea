import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** A deterministic pseudo-random generator, so every run benchmarks the same tree. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function body(size: number, random: () => number): Buffer {
  const buf = Buffer.alloc(size);
  for (let i = 0; i < size; i += 4) buf.writeUInt32LE(Math.floor(random() * 2 ** 32), Math.min(i, size - 4 < 0 ? 0 : size - 4));
  return buf;
}

/**
 * A build-like tree: index.html and a few pages, ~2,000 content-hashed assets of mixed sizes
 * (mostly small chunks and icons, some medium bundles and images, a few large media), ≈ 30 MB.
 */
export async function generateTree(root: string, files = 2000): Promise<{ files: number; bytes: number; assets: string[] }> {
  const random = rng(42);
  let bytes = 0;
  const assets: string[] = [];
  const write = async (name: string, content: Buffer | string) => {
    await mkdir(dirname(join(root, name)), { recursive: true });
    await writeFile(join(root, name), content);
    bytes += Buffer.byteLength(content);
  };
  const dirs = ['', 'assets/', 'assets/img/', 'assets/fonts/', 'chunks/'];
  const exts = ['js', 'js', 'js', 'css', 'svg', 'png', 'woff2', 'json'];
  for (let i = 0; assets.length < files - 5; i++) {
    const r = random();
    const size = r < 0.835 ? 500 + Math.floor(random() * 7_500) : r < 0.985 ? 20_000 + Math.floor(random() * 40_000) : 200_000 + Math.floor(random() * 300_000);
    const content = body(size, random);
    const hash = createHash('md5').update(content).digest('hex').slice(0, 16);
    const name = `${dirs[i % dirs.length]}file${i}.${hash}.${exts[i % exts.length]}`;
    await write(name, content);
    assets.push(name);
  }
  await write('favicon.ico', body(1500, random));
  await write('robots.txt', 'User-agent: *\n');
  for (const page of ['about/index.html', 'help/index.html']) await write(page, `<!doctype html><title>${page}</title>`);
  await write('index.html', `<!doctype html>${assets.slice(0, 3).map((a) => `<script src="/${a}"></script>`).join('')}`);
  return { files: assets.length + 5, bytes, assets };
}
