import { existsSync, readdirSync, readFileSync } from 'node:fs';

/** CPU seconds (user + system) used so far by a process and, separately, by all its descendants. */
export interface CpuSample {
  self: number;
  descendants: number;
}

/**
 * Linux only (reads /proc); undefined elsewhere, and the figures are then left out. `alsoCount`:
 * more processes (with their own descendants) to count as descendants, e.g. a PostgreSQL the
 * API started in its own session (pg_ctl), which is no longer below the API's process; each
 * process is counted once.
 */
export function sampleCpu(pid: number | undefined, alsoCount: number[] = []): CpuSample | undefined {
  if (pid === undefined || !existsSync('/proc/self/stat')) return undefined;
  const ticks = new Map<number, number>();
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited while we looked
    }
    // Fields after "(comm)": state ppid ... utime(14) stime(15), counted from 1 in proc(5).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ppid = Number(fields[1]);
    ticks.set(Number(entry), Number(fields[11]) + Number(fields[12]));
    children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
  }
  let descendants = 0;
  const counted = new Set<number>([pid]);
  const stack = [...(children.get(pid) ?? []), ...alsoCount];
  while (stack.length) {
    const next = stack.pop() as number;
    if (counted.has(next)) continue;
    counted.add(next);
    descendants += ticks.get(next) ?? 0;
    stack.push(...(children.get(next) ?? []));
  }
  const perSecond = 100; // USER_HZ on Linux
  return { self: (ticks.get(pid) ?? 0) / perSecond, descendants: descendants / perSecond };
}

/** "node 540 µs + children 310 µs per request" between two samples, or '' without /proc. */
export function cpuPerRequest(before: CpuSample | undefined, after: CpuSample | undefined, requests: number): string {
  if (!before || !after || requests === 0) return '';
  const us = (seconds: number) => ((seconds * 1e6) / requests).toFixed(0);
  const children = after.descendants - before.descendants;
  return `   CPU/request: node ${us(after.self - before.self)} µs${children > 0 ? ` + PostgreSQL ${us(children)} µs` : ''}`;
}
