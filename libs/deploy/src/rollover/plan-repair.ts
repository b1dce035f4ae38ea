import type { ApiDeployConfig } from '@eapd/config';
import type { Target } from '../ports/load-balancer';
import type { JudgedRollover } from './lock';
import type { RolloverStep } from './plan-rollover';
import type { Fleet } from './rollover-types';

/** Journal phases in which the old fleet had been (or was being) deregistered: the new one had passed the soak. */
const SWITCHED = ['deregister-old', 'drain', 'verify-new', 'terminate-old', 'release-lock'];

type Direction = 'finish' | 'roll-back';

/**
 * Which way a dead rollover is repaired. Before the switch it is rolled back (its new
 * instances never served alone). After the switch it is finished — the old fleet retired —
 * as long as its new targets are healthy; otherwise the old fleet is put back. With no old
 * fleet left to go back to, healthy new targets are kept.
 */
export function repairDirection(r: JudgedRollover, fleet: Fleet): Direction {
  const newHealthy = fleet.targets.some((t) => r.instanceIds.includes(t.id) && t.state === 'healthy');
  const old = oldInstances(r, fleet);
  if (newHealthy && (SWITCHED.includes(r.phase ?? '') || old.length === 0)) return 'finish';
  return 'roll-back';
}

export function repairOutcome(r: JudgedRollover, fleet: Fleet): string {
  return repairDirection(r, fleet) === 'finish'
    ? `its new instance(s) ${r.instanceIds.join(', ')} are healthy and had taken over: finish it (retire the old fleet)`
    : `its new instance(s) ${r.instanceIds.join(', ')} never served alone: roll it back`;
}

/** The repair of one dead rollover, as steps of the new plan (printed by --dry-run, run first). */
export function repairSteps(r: JudgedRollover, fleet: Fleet, config: ApiDeployConfig, healthTimeoutMs: number): RolloverStep[] {
  const prefix = `repair-${r.rolloverId}`;
  const old = oldInstances(r, fleet);
  const who = `dead rollover ${r.rolloverId} (${r.phase ?? 'phase unknown'})`;
  if (repairDirection(r, fleet) === 'finish') {
    const newTargets: Target[] = fleet.targets.filter((t) => r.instanceIds.includes(t.id)).map(({ id, port }) => ({ id, port }));
    return [
      {
        id: `${prefix}-retire-old`,
        action: 'retire-old',
        summary: `Repair ${who}: retire the old fleet it replaced (${old.map((i) => i.id).join(', ') || 'none left'}), while its new target(s) are healthy`,
        args: { instances: old.map((i) => i.id), keepServing: newTargets },
        mutating: true,
      },
      {
        id: `${prefix}-release`,
        action: 'release-lock',
        summary: `Repair ${who}: clear its lock and journal tags`,
        args: { rolloverId: r.rolloverId, instances: r.instanceIds },
        mutating: true,
      },
    ];
  }
  const oldTargets: Target[] = old.map((i) => ({ id: i.id, port: fleet.targets.find((t) => t.id === i.id)?.port ?? config.port }));
  return [
    {
      id: `${prefix}-restore-old`,
      action: 'restore-old',
      summary: `Repair ${who}: make sure the old fleet (${oldTargets.map((t) => t.id).join(', ') || 'none'}) is registered and healthy`,
      args: { targets: oldTargets, timeoutMs: healthTimeoutMs },
      mutating: true,
    },
    {
      id: `${prefix}-deregister-new`,
      action: 'deregister-new',
      summary: `Repair ${who}: deregister its new target(s), never while they are the only healthy ones`,
      args: { rolloverId: r.rolloverId, instances: r.instanceIds },
      mutating: true,
    },
    {
      id: `${prefix}-remove-new`,
      action: 'remove-new',
      summary: `Repair ${who}: terminate its new instance(s) ${r.instanceIds.join(', ') || '(none left)'}`,
      args: { rolloverId: r.rolloverId, instances: r.instanceIds, keepFailed: false },
      mutating: true,
    },
    {
      id: `${prefix}-release`,
      action: 'release-lock',
      summary: `Repair ${who}: clear its lock and journal tags`,
      args: { rolloverId: r.rolloverId, instances: [...r.instanceIds, ...r.retiringIds] },
      mutating: true,
    },
  ];
}

/** The fleet the dead rollover was replacing: what it tagged as retiring, and what is registered and belongs to no rollover. */
function oldInstances(r: JudgedRollover, fleet: Fleet) {
  const inJournals = new Set(fleet.rollovers.flatMap((x) => [...x.instanceIds, ...x.retiringIds]));
  const registered = new Set(fleet.current.map((i) => i.id));
  return fleet.instances.filter((i) => r.retiringIds.includes(i.id) || (registered.has(i.id) && !inJournals.has(i.id)));
}
