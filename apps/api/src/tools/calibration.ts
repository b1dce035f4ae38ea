/** Measuring PBKDF2 cost on this machine (see calibrate-pbkdf2.ts). */
import { hashPassword } from '../auth/password';

export async function measure(iterations: number, samples: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = process.hrtime.bigint();
    await hashPassword('calibration-password', iterations);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/** Iterations for `targetMs`, scaled from a probe, rounded to a thousand. */
export function iterationsFor(targetMs: number, probeIterations: number, probeMs: number): number {
  return Math.max(1000, Math.round((probeIterations * targetMs) / probeMs / 1000) * 1000);
}
