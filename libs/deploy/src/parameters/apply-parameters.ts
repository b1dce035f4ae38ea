import type { DeployLogger } from '../log/logger';
import type { Parameters } from '../ports/parameters';
import type { ParameterPlan } from './plan-parameters';

/**
 * Carries out a ParameterPlan: writes what changed (values from `desired`, which the plan itself
 * never holds), then deletes what is no longer configured. Each line it logs names a variable
 * and what happened to it, never a value. Safe to run again: a write is an overwrite.
 */
export async function applyParameterPlan(
  plan: ParameterPlan,
  desired: Record<string, string>,
  deps: { parameters: Parameters; logger: DeployLogger },
): Promise<void> {
  const { parameters, logger } = deps;
  const deletions: string[] = [];
  for (const change of plan.changes) {
    switch (change.action) {
      case 'unchanged':
        break;
      case 'delete':
        deletions.push(change.name);
        break;
      case 'replace':
        // A String cannot become a SecureString in place.
        await parameters.delete([change.name]);
        await parameters.write({ name: change.name, value: desired[change.variable], keyId: plan.kmsKeyId });
        logger.info(`${change.variable}: replaced the plain String with a SecureString`);
        break;
      default:
        await parameters.write({ name: change.name, value: desired[change.variable], keyId: plan.kmsKeyId });
        logger.info(`${change.variable}: ${change.action === 'create' ? 'created' : change.action === 'update' ? 'updated' : 're-encrypted'}`);
    }
  }
  if (deletions.length > 0) {
    await parameters.delete(deletions);
    logger.info(`deleted ${deletions.map((n) => n.slice(plan.path.length + 1)).join(', ')} (no longer configured)`);
  }
  const unchanged = plan.changes.filter((c) => c.action === 'unchanged').length;
  if (unchanged > 0) logger.info(`${unchanged} unchanged`);
}
