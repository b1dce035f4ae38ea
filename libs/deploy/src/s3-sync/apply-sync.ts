import pLimit from 'p-limit';
import { DeployError } from '../log/errors';
import type { DeployLogger } from '../log/logger';
import type { ObjectStore } from '../ports/object-store';
import type { StepHandler } from '../plan/apply-plan';
import { STALE_SINCE_METADATA_KEY } from './diff';
import { TransferProgress } from './progress';
import type { SyncStep } from './sync-plan';

export interface SyncStepDeps {
  store: ObjectStore;
  logger: DeployLogger;
  concurrency: number;
  now: () => number;
}

export interface SyncCounters {
  uploaded: number;
  uploadedBytes: number;
  deleted: number;
  marked: number;
}

/** The step handler for `applyPlan`: runs each step's objects with bounded concurrency. */
export function syncStepHandler(deps: SyncStepDeps, totals: { files: number; bytes: number }, counters: SyncCounters): StepHandler<SyncStep> {
  const progress = new TransferProgress(deps.logger, totals.files, totals.bytes, deps.now);
  return async (step) => {
    switch (step.action) {
      case 'upload':
        await runAll(
          step.uploads,
          deps.concurrency,
          (u) => u.key,
          async (u) => {
            await deps.store.put({
              key: u.key,
              filePath: u.file.filePath,
              size: u.file.size,
              md5: u.file.md5,
              contentType: u.contentType,
              cacheControl: u.cacheControl,
            });
            counters.uploaded++;
            counters.uploadedBytes += u.file.size;
            progress.fileDone(u.file.size);
          },
        );
        return;
      case 'mark-stale': {
        const since = new Date(deps.now()).toISOString();
        await runAll(step.objects, deps.concurrency, (o) => o.key, async (o) => {
          // Rewriting metadata replaces it whole: keep the headers the object is served with.
          const head = await deps.store.head(o.key);
          if (!head) return;
          await deps.store.updateMetadata({
            key: o.key,
            contentType: head.contentType,
            cacheControl: head.cacheControl,
            metadata: { ...head.metadata, [STALE_SINCE_METADATA_KEY]: since },
          });
          counters.marked++;
        });
        return;
      }
      case 'delete':
        await deps.store.deleteMany(step.objects.map((o) => o.key));
        counters.deleted += step.objects.length;
        return;
    }
  };
}

/**
 * Runs `work` on every item, at most `concurrency` at a time. After the first failure no new
 * item starts; the ones in flight finish, then one error names every key that failed.
 */
export async function runAll<T>(
  items: T[],
  concurrency: number,
  name: (item: T) => string,
  work: (item: T) => Promise<void>,
): Promise<void> {
  const limit = pLimit(Math.max(1, concurrency));
  const failures: Array<{ key: string; error: unknown }> = [];
  await Promise.all(
    items.map((item) =>
      limit(async () => {
        if (failures.length > 0) return;
        try {
          await work(item);
        } catch (error) {
          failures.push({ key: name(item), error });
        }
      }),
    ),
  );
  if (failures.length === 0) return;
  const lines = failures.slice(0, 10).map((f) => `${f.key}: ${f.error instanceof Error ? f.error.message : String(f.error)}`);
  if (failures.length > 10) lines.push(`… and ${failures.length - 10} more`);
  throw new DeployError(`${failures.length} of ${items.length} object(s) failed:\n  ${lines.join('\n  ')}`, {
    hint: 'The site is still consistent (nothing later in the order ran). Fix the cause and run the sync again: it finishes the job.',
    cause: failures[0].error,
  });
}
