import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A small web build: index.html, another page, hashed assets, an unhashed favicon. */
export const SAMPLE_BUILD: Record<string, string> = {
  'index.html': '<!doctype html><script src="main.1a2b3c4d5e6f7a8b.js"></script>',
  'about/index.html': '<!doctype html><p>about</p>',
  'main.1a2b3c4d5e6f7a8b.js': 'console.log("main");',
  'styles.9f8e7d6c5b4a3f2e.css': 'body{margin:0}',
  'assets/logo.0a1b2c3d.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
  'favicon.ico': 'ico',
  'main.1a2b3c4d5e6f7a8b.js.map': '{"version":3}',
};

export async function writeBuild(files: Record<string, string | Buffer>, root?: string): Promise<string> {
  const dir = root ?? (await mkdtemp(join(tmpdir(), 'web-build-')));
  for (const [name, content] of Object.entries(files)) {
    const path = join(dir, name);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content);
  }
  return dir;
}
