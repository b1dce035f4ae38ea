/**
 * `npx nx run api:calibrate-pbkdf2 [--target-ms=300]` (or `node calibrate-pbkdf2.js` next to
 * main.js): measures PBKDF2-SHA512 on this machine and prints the iteration count that takes
 * about the target time, for PBKDF2_ITERATIONS. Run it on the deployed instance type: the
 * count only means something on that hardware.
 */
import { iterationsFor, measure } from './calibration';

async function calibrate(argv: string[]): Promise<void> {
  const arg = argv.find((a) => a.startsWith('--target-ms=') || a.startsWith('--targetMs='));
  const targetMs = arg ? Number(arg.split('=')[1]) : 300;
  if (!Number.isFinite(targetMs) || targetMs <= 0) throw new Error('--target-ms must be a positive number of milliseconds');
  console.log(`calibrating PBKDF2-SHA512 for ~${targetMs} ms per hash ...`);
  let probe = 10_000;
  let ms = await measure(probe, 3);
  // Grow the probe until it is long enough to time reliably.
  while (ms < 50) {
    probe *= 4;
    ms = await measure(probe, 3);
  }
  const estimate = iterationsFor(targetMs, probe, ms);
  const check = await measure(estimate, 5);
  const result = iterationsFor(targetMs, estimate, check);
  console.log(`  ${probe} iterations: ${ms.toFixed(1)} ms; ${estimate} iterations: ${check.toFixed(1)} ms (median of 5)`);
  console.log(`PBKDF2_ITERATIONS=${result}`);
}

calibrate(process.argv.slice(2)).catch((e) => {
  console.error(`calibrate-pbkdf2: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
