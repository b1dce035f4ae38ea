import type { Instance } from '../ports/compute';
import { DeployError } from '../log/errors';
import { TAG } from './tags';

export interface RolloverHolder {
  rolloverId: string;
  startedAt: Date;
  holder: string;
  instanceIds: string[];
}

/**
 * The lock lives in the infrastructure itself: a rollover tags the instances it launches with
 * `rollover-in-progress=<started-at>` (+ `rollover-id`, `rollover-by`) and clears the tags when
 * it finishes. A marker younger than `ttlMs` means another rollover is (probably) running;
 * an older one is a crashed run's leftover and is ignored.
 */
export function rolloversInProgress(instances: Instance[], now: number, ttlMs: number, ownId?: string): { active: RolloverHolder[]; stale: RolloverHolder[] } {
  const byId = new Map<string, RolloverHolder>();
  for (const i of instances) {
    const started = i.tags[TAG.inProgress];
    if (!started) continue;
    const id = i.tags[TAG.rolloverId] ?? `unknown-${started}`;
    if (id === ownId) continue;
    const h = byId.get(id) ?? { rolloverId: id, startedAt: new Date(started), holder: i.tags[TAG.rolloverBy] ?? 'unknown', instanceIds: [] };
    h.instanceIds.push(i.id);
    byId.set(id, h);
  }
  const all = [...byId.values()];
  const isActive = (h: RolloverHolder) => Number.isNaN(h.startedAt.getTime()) || now - h.startedAt.getTime() < ttlMs;
  return { active: all.filter(isActive), stale: all.filter((h) => !isActive(h)) };
}

export function describeHolder(h: RolloverHolder, now: number): string {
  const ageMin = Math.round((now - h.startedAt.getTime()) / 60_000);
  return `rollover ${h.rolloverId} by ${h.holder}, started ${h.startedAt.toISOString()} (${ageMin} min ago), instances ${h.instanceIds.join(', ')}`;
}

export function lockHeldError(holders: RolloverHolder[], now: number, environment: string): DeployError {
  return new DeployError(
    `Another rollover of ${environment} is in progress: ${holders.map((h) => describeHolder(h, now)).join('; ')}`,
    {
      hint:
        'Wait for it to finish (its CI job above). If it is dead (job cancelled, runner lost), rerun with --force: ' +
        'its unregistered instances are then terminated as leftovers.',
    },
  );
}
