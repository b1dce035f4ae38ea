import type { ExecutorContext } from '@nx/devkit';
import { assertDeployEnvironment, loadReleasesConfig, redactorForEnv } from '@eapd/config';
import { formatHistoryTable } from '../../history/format-history';
import { HistoryLog } from '../../history/history-log';
import { DeployError } from '../../log/errors';
import { createConsoleLogger, type DeployLogger } from '../../log/logger';
import { reportFailure } from '../../log/report-failure';
import { openReleasesBucket, type ReleasesBucket } from '../../releases/releases-store';
import type { HistoryExecutorOptions } from './schema';

export interface HistoryRuntime {
  env: Record<string, string | undefined>;
  logger: DeployLogger;
  /** Where the output goes (the JSON must not pass through the log's redaction of lines). */
  out?: (text: string) => void;
  bucket?: ReleasesBucket;
}

/** `nx run deploy:history --configuration=<env> [--json]`. */
export default async function historyExecutor(options: HistoryExecutorOptions, context: ExecutorContext) {
  const env = process.env;
  void context;
  return runHistory(options, { env, logger: createConsoleLogger({ redact: redactorForEnv(env) }) });
}

export async function runHistory(options: HistoryExecutorOptions, runtime: HistoryRuntime): Promise<{ success: boolean }> {
  const { env, logger } = runtime;
  try {
    assertDeployEnvironment(options.environment);
    const limit = Number(options.limit ?? 30);
    if (!Number.isInteger(limit) || limit < 1) throw new DeployError(`--limit must be a whole number of 1 or more, got "${options.limit}".`);
    const bucket = runtime.bucket ?? await openReleasesBucket(loadReleasesConfig(env), env);
    const entries = (await new HistoryLog(bucket.store, bucket.layout).read(options.environment)).slice(0, limit);
    const out = runtime.out ?? ((text: string) => logger.info(text));
    out(options.json ? JSON.stringify(entries, null, 2) : formatHistoryTable(entries));
    return { success: true };
  } catch (err) {
    reportFailure(logger, err, 'History');
    return { success: false };
  }
}
