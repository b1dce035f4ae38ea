import type { ApiDeployConfig } from '@eapd/config';
import { LIVE_STATES } from '../ports/compute';
import { retryTransient, type RetryDeps } from '../wait/retry';
import { readJournals } from './journal';
import type { Fleet, RolloverDeps } from './rollover-types';
import { TAG } from './tags';

/**
 * Reads (never changes) the environment: its live instances, the target group's
 * registrations and the journals of rollovers on them. Only `pending`/`running` instances
 * count; terminated ones stay visible in EC2 for about an hour and must never be selected
 * (seed defect 9). Reads are retried until `deadlineAt`.
 */
export async function discoverFleet(
  config: ApiDeployConfig,
  deps: Pick<RolloverDeps, 'compute' | 'loadBalancer'> & RetryDeps,
  deadlineAt: number,
): Promise<Fleet> {
  const instances = await retryTransient(
    'find instances',
    () => deps.compute.findInstances({ tags: { [TAG.environment]: config.environment }, states: LIVE_STATES }),
    deps,
    { deadlineAt },
  );
  const targets = (await retryTransient('read target health', () => deps.loadBalancer.targetHealth(config.targetGroupArn), deps, { deadlineAt })).filter(
    (t) => t.state !== 'unused',
  );
  const registered = new Set(targets.filter((t) => t.state !== 'draining' && t.state !== 'unhealthy.draining').map((t) => t.id));
  const ours = new Set(instances.map((i) => i.id));
  const rollovers = readJournals(instances);
  const inRollover = new Set(rollovers.flatMap((r) => [...r.instanceIds, ...r.retiringIds]));
  return {
    instances,
    targets,
    current: instances.filter((i) => registered.has(i.id)),
    strays: instances.filter((i) => !registered.has(i.id) && !inRollover.has(i.id)),
    foreignTargets: targets.filter((t) => !ours.has(t.id)),
    healthyIds: targets.filter((t) => t.state === 'healthy' && ours.has(t.id)).map((t) => t.id),
    rollovers,
  };
}
