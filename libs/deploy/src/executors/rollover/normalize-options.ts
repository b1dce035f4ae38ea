import { hostname, userInfo } from 'node:os';
import { randomBytes } from 'node:crypto';
import { loadCiContext } from '@eapd/config';
import { DeployError } from '../../log/errors';
import { DEFAULT_LOCK_TIMING, type LockTiming } from '../../lock/environment-lock';
import type { RolloverSettings } from '../../rollover/rollover-types';
import type { RolloverExecutorOptions } from './schema';

/** "15m", "90s", "1h", "900" (seconds) → milliseconds. */
export function parseDuration(value: string | number, option: string, options: { allowZero?: boolean } = {}): number {
  const m = String(value).trim().match(/^(\d+(?:\.\d+)?)\s*(ms|s|m|min|h)?$/);
  if (!m) throw new DeployError(`--${option} must be a duration like 15m, 90s or 1h; got "${value}"`);
  const n = Number(m[1]);
  const unit = m[2] ?? 's';
  const ms = unit === 'ms' ? n : unit === 's' ? n * 1000 : unit === 'h' ? n * 3_600_000 : n * 60_000;
  if (ms < 0 || (ms === 0 && !options.allowZero)) throw new DeployError(`--${option} must be more than zero`);
  return ms;
}

/** Who runs this rollover, as recorded in the marker tag: the CI job, or user@host. */
export function describeHolder(env: Record<string, string | undefined>): string {
  const ci = loadCiContext(env);
  if (ci.buildUrl) return `CircleCI ${ci.job ?? 'job'} ${ci.buildUrl}`;
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    /* no passwd entry in some containers */
  }
  return `${user}@${hostname()} (pid ${process.pid})`;
}

export function normalizeSettings(
  options: Omit<RolloverExecutorOptions, 'artifactUrl' | 'artifactSha256' | 'gitSha' | 'release'>,
  kind: RolloverSettings['kind'],
  env: Record<string, string | undefined>,
): RolloverSettings {
  if (options.environment !== 'production' && options.environment !== 'staging') {
    throw new DeployError(`Unknown environment "${options.environment}"`, { hint: 'Use --configuration=production or --configuration=staging.' });
  }
  if (options.count !== undefined && (!Number.isInteger(options.count) || options.count < 1 || options.count > 20)) {
    throw new DeployError(`--count must be a whole number from 1 to 20; got ${options.count}`);
  }
  const settings: RolloverSettings = {
    environment: options.environment,
    kind,
    instanceType: options.instanceType ?? 't3.small',
    bootTimeoutMs: parseDuration(options.bootTimeout ?? '10m', 'boot-timeout'),
    healthTimeoutMs: parseDuration(options.healthTimeout ?? '15m', 'health-timeout'),
    keepFailed: options.keepFailed ?? false,
    force: options.force ?? false,
    dryRun: options.dryRun ?? false,
    holder: describeHolder(env),
    // Also the RunInstances ClientToken (at most 64 ASCII characters).
    rolloverId: `${options.environment}-${Date.now().toString(36)}-${randomBytes(6).toString('hex')}`,
  };
  if (options.count !== undefined) settings.count = options.count;
  if (options.drainTimeout !== undefined) settings.drainTimeoutMs = parseDuration(options.drainTimeout, 'drain-timeout');
  settings.soakMs = parseDuration(options.soak ?? '60s', 'soak', { allowZero: true });
  if (options.pollInterval !== undefined) settings.pollIntervalMs = parseDuration(options.pollInterval, 'poll-interval');
  if (options.callTimeout !== undefined) settings.callTimeoutMs = parseDuration(options.callTimeout, 'call-timeout');
  return settings;
}

/** `--lock-wait`: how long to wait for the environment lock another deploy holds (default 15m; 0: fail at once). */
export function lockTimingOf(options: { lockWait?: string | number }): LockTiming {
  if (options.lockWait === undefined) return DEFAULT_LOCK_TIMING;
  const waitMs = String(options.lockWait).trim() === '0' ? 0 : parseDuration(options.lockWait, 'lock-wait');
  return { ...DEFAULT_LOCK_TIMING, waitMs };
}
