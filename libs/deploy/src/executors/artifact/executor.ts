import type { ExecutorContext } from '@nx/devkit';

export default async function artifactExecutor(options: { dryRun?: boolean }, context: ExecutorContext) {
  console.log('placeholder', options, context.projectName);
  return { success: true };
}
