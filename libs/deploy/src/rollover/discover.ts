import type { ApiDeployConfig } from '@eapd/config';
import { LIVE_STATES } from '../ports/compute';
import { withRetry } from './retry';
import type { Fleet, RolloverDeps } from './rollover-types';
import { TAG } from './tags';

/**
 * Reads (never changes) the environment: its live instances and the target group's
 * registrations. Only `pending`/`running` instances count; terminated ones stay visible in
 * EC2 for about an hour and must never be selected (seed defect 9).
 */
export async function discoverFleet(config: ApiDeployConfig, deps: Pick<RolloverDeps, 'compute' | 'loadBalancer' | 'clock' | 'logger'>): Promise<Fleet> {
  const instances = await withRetry(
    'find instances',
    () => deps.compute.findInstances({ tags: { [TAG.environment]: config.environment }, states: LIVE_STATES }),
    deps,
  );
  const targets = (await withRetry('read target health', () => deps.loadBalancer.targetHealth(config.targetGroupArn), deps)).filter(
    (t) => t.state !== 'unused',
  );
  const registered = new Set(targets.filter((t) => t.state !== 'draining').map((t) => t.id));
  const ours = new Set(instances.map((i) => i.id));
  return {
    instances,
    targets,
    current: instances.filter((i) => registered.has(i.id)),
    strays: instances.filter((i) => !registered.has(i.id)),
    foreignTargets: targets.filter((t) => !ours.has(t.id)),
    healthyIds: targets.filter((t) => t.state === 'healthy' && ours.has(t.id)).map((t) => t.id),
  };
}
