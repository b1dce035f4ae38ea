import type { ApiDeployConfig } from '@eapd/config';
import type { Target } from '../ports/load-balancer';
import { printConsoleTail } from './console-tail';
import { deregisterTargets } from './drain';
import { withRetry } from './retry';
import type { RolloverDeps } from './rollover-types';
import { MARKER_KEYS, TAG } from './tags';
import { terminateInstances } from './terminate';

const CONSOLE_TAILS = 3;
/** Bound on letting a new target that briefly served finish its requests. */
const ROLLBACK_DRAIN_MS = 120_000;

/**
 * Undoes the new half of a rollover: prints the failed instances' startup logs, deregisters
 * them and terminates them (or, with --keep-failed, retags them `environment=<env>-failed` so
 * they are never mistaken for the fleet). The old fleet is never touched. Runs after an
 * interrupt too, so it ignores the abort signal; every call is still bounded.
 * Returns false when something could not be undone (printed with what to do by hand).
 */
export async function rollBackNew(
  args: { config: ApiDeployConfig; newIds: string[]; keepFailed: boolean; drainTimeoutMs: number },
  deps: RolloverDeps,
): Promise<boolean> {
  const { config, newIds } = args;
  const { logger } = deps;
  logger.section('Roll back: remove the new instance(s); the old fleet keeps serving');
  if (newIds.length === 0) {
    logger.info('no new instance was launched; nothing to undo');
    return true;
  }
  for (const id of newIds.slice(0, CONSOLE_TAILS)) await printConsoleTail(id, deps);
  const targets: Target[] = newIds.map((id) => ({ id, port: config.port }));
  const undo = { deps: { ...deps, signal: undefined } };
  try {
    const health = await withRetry('read target health', () => deps.loadBalancer.targetHealth(config.targetGroupArn, targets), deps);
    const attached = health.filter((h) => h.state !== 'unused');
    await deregisterTargets(config.targetGroupArn, attached.map(({ id, port }) => ({ id, port })), undo.deps);
    // A target that was healthy received requests: let them finish before it goes away.
    const served = attached.filter((h) => h.state === 'healthy');
    if (served.length > 0) {
      await deps.loadBalancer
        .waitUntilDeregistered(config.targetGroupArn, served, { timeoutMs: Math.min(args.drainTimeoutMs, ROLLBACK_DRAIN_MS) })
        .catch(() => logger.warn('new targets did not finish draining in time; terminating anyway'));
    }
    if (args.keepFailed) {
      await withRetry('retag', () => deps.compute.tag(newIds, { [TAG.environment]: `${config.environment}-failed` }), deps);
      await withRetry('clear marker', () => deps.compute.untag(newIds, MARKER_KEYS), deps);
      logger.warn(
        `--keep-failed: left ${newIds.join(', ')} running for debugging, deregistered and retagged environment=${config.environment}-failed. ` +
          `Terminate when done: aws ec2 terminate-instances --region ${config.region} --instance-ids ${newIds.join(' ')}`,
      );
    } else {
      await terminateInstances(newIds, 'rolled back', deps);
    }
  } catch (err) {
    logger.error(
      `ROLL-BACK INCOMPLETE: ${(err as Error).message}. The old fleet is still registered. Remove the new instance(s) by hand: ` +
        `aws elbv2 deregister-targets --target-group-arn ${config.targetGroupArn} --targets ${newIds.map((id) => `Id=${id}`).join(' ')} && ` +
        `aws ec2 terminate-instances --region ${config.region} --instance-ids ${newIds.join(' ')}`,
    );
    return false;
  }
  try {
    const now = await withRetry('read target health', () => deps.loadBalancer.targetHealth(config.targetGroupArn), deps);
    logger.info(`old fleet: ${now.filter((h) => h.state === 'healthy').length} healthy target(s) serving`);
  } catch {
    /* informational only */
  }
  return true;
}
