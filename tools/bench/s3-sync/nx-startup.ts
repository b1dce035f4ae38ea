/**
 * Nx's start-up before a deploy executor does anything (not a test): bench.ts's `nxStartup`
 * cases alone, for this workspace or for each workspace given (e.g. a clone of main beside this
 * branch), the roots taking turns so they share the machine's load; best of ROUNDS (default 5).
 *   SWC_NODE_PROJECT=tools/tsconfig.scripts.json node -r @swc-node/register tools/bench/s3-sync/nx-startup.ts [root…]
 */
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { nxStartup } from './run-tools';

const roots = process.argv.length > 2 ? process.argv.slice(2).map((r) => resolve(r)) : [join(__dirname, '../../..')];
const rounds = Number(process.env['ROUNDS'] ?? 5);
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

async function main(): Promise<void> {
  const best = new Map<string, Record<string, number>>();
  const loadBefore = load();
  for (let round = 0; round < rounds; round++) {
    for (const root of roots) {
      const times = await nxStartup(root, 1);
      const sofar = best.get(root) ?? {};
      for (const [name, ms] of Object.entries(times)) sofar[name] = Math.min(sofar[name] ?? Infinity, ms);
      best.set(root, sofar);
    }
  }
  console.log(`Nx start-up, best of ${rounds} (load average ${loadBefore} → ${load()}):`);
  for (const [root, times] of best) {
    console.log(`  ${root}`);
    for (const [name, ms] of Object.entries(times)) console.log(`    ${(ms / 1000).toFixed(2).padStart(6)} s  ${name}`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
