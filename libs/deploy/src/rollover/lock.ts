import { DeployError } from '../log/errors';
import { liveness, type JournalEntry, type LivenessRules } from './journal';

export interface JudgedRollover extends JournalEntry {
  /** Why we think it is alive or dead ("its lease runs until …"). */
  why: string;
}

/**
 * The lock lives in the infrastructure itself: the journal tags on the instances a rollover
 * launched (see journal.ts). A live rollover holds the lock; a dead one is repaired by the
 * next run. Our own rollover (`ownId`) is neither.
 */
export function judgeRollovers(entries: JournalEntry[], rules: LivenessRules, ownId?: string): { alive: JudgedRollover[]; dead: JudgedRollover[] } {
  const alive: JudgedRollover[] = [];
  const dead: JudgedRollover[] = [];
  for (const e of entries) {
    if (e.rolloverId === ownId) continue;
    const { alive: isAlive, why } = liveness(e, rules);
    (isAlive ? alive : dead).push({ ...e, why });
  }
  return { alive, dead };
}

export function describeHolder(h: JournalEntry & { why?: string }, now: number): string {
  const ageMin = Math.round((now - h.startedAt.getTime()) / 60_000);
  const phase = h.phase ? `, in step ${h.phase}` : '';
  return `rollover ${h.rolloverId} by ${h.holder}, started ${Number.isNaN(ageMin) ? 'at an unknown time' : `${h.startedAt.toISOString()} (${ageMin} min ago)`}${phase}, instances ${h.instanceIds.join(', ')}${h.why ? ` (${h.why})` : ''}`;
}

export function lockHeldError(holders: JudgedRollover[], now: number, environment: string): DeployError {
  const rollingBack = holders.some((h) => h.phase === 'rolling-back');
  return new DeployError(`Another rollover of ${environment} is in progress: ${holders.map((h) => describeHolder(h, now)).join('; ')}`, {
    hint: rollingBack
      ? 'It is rolling back (e.g. after Ctrl-C or a cancelled job); run this again when it has finished, usually within minutes.'
      : 'Wait for it to finish (its CI job above). If its process dies, its lease runs out and the next run repairs it by itself; ' +
        '--force proceeds at once and terminates its unregistered instances as leftovers.',
  });
}
