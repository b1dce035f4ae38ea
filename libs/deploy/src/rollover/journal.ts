import type { DeployLogger } from '../log/logger';
import type { Clock } from '../ports/clock';
import type { Compute, Instance } from '../ports/compute';
import { mutateConverged, retryTransient } from '../wait/retry';
import { JOURNAL_KEYS, TAG, fit } from './tags';

/**
 * A rollover's journal lives in tags on the instances it launched: who runs it, since when,
 * which step it is in, and a lease its process renews while it runs. Any later run reads it:
 * a live rollover holds the lock; a dead one (lease run out, or its process gone on this
 * host) is repaired — rolled back or finished, from the real state — instead of blocking
 * every deploy until someone passes --force.
 */
export interface JournalEntry {
  rolloverId: string;
  startedAt: Date;
  holder: string;
  phase?: string;
  leaseUntil?: Date;
  process?: string;
  /** Its new instances (they carry the journal). */
  instanceIds: string[];
  /** The old fleet it was deregistering (tagged `rollover-retiring`). */
  retiringIds: string[];
}

export function readJournals(instances: Instance[]): JournalEntry[] {
  const byId = new Map<string, JournalEntry>();
  const entry = (id: string, started?: string, holder?: string) => {
    let e = byId.get(id);
    if (!e) byId.set(id, (e = { rolloverId: id, startedAt: new Date(started ?? NaN), holder: holder ?? 'unknown', instanceIds: [], retiringIds: [] }));
    return e;
  };
  for (const i of instances) {
    if (i.tags[TAG.retiring]) entry(i.tags[TAG.retiring]).retiringIds.push(i.id);
    const started = i.tags[TAG.inProgress];
    const id = i.tags[TAG.rolloverId] ?? (started ? `unknown-${started}` : undefined);
    if (!id) continue;
    const e = entry(id, started, i.tags[TAG.rolloverBy]);
    if (Number.isNaN(e.startedAt.getTime()) && started) e.startedAt = new Date(started);
    if (e.holder === 'unknown' && i.tags[TAG.rolloverBy]) e.holder = i.tags[TAG.rolloverBy];
    e.instanceIds.push(i.id);
    // Instances of one rollover are tagged together, but a lost response can leave one behind: take the latest.
    const phase = i.tags[TAG.phase];
    if (phase) e.phase = phase;
    const lease = i.tags[TAG.leaseUntil] ? new Date(i.tags[TAG.leaseUntil]) : undefined;
    if (lease && !Number.isNaN(lease.getTime()) && (!e.leaseUntil || lease > e.leaseUntil)) e.leaseUntil = lease;
    if (i.tags[TAG.process]) e.process = i.tags[TAG.process];
  }
  return [...byId.values()];
}

export interface LivenessRules {
  now: number;
  /** For markers written before journals had a lease: alive while younger than this. */
  legacyTtlMs: number;
  isProcessAlive?: (processId: string) => boolean | undefined;
}

/** Whether the rollover behind a journal still runs, and why we think so. */
export function liveness(entry: JournalEntry, rules: LivenessRules): { alive: boolean; why: string } {
  if (entry.instanceIds.length === 0) return { alive: false, why: 'its new instances are gone' };
  if (entry.process && rules.isProcessAlive?.(entry.process) === false) {
    return { alive: false, why: `its process ${entry.process} is gone` };
  }
  if (entry.leaseUntil) {
    const left = entry.leaseUntil.getTime() - rules.now;
    return left > 0
      ? { alive: true, why: `its lease runs until ${entry.leaseUntil.toISOString()}` }
      : { alive: false, why: `its lease ran out at ${entry.leaseUntil.toISOString()}` };
  }
  const age = rules.now - entry.startedAt.getTime();
  if (Number.isNaN(age) || age < rules.legacyTtlMs) return { alive: true, why: 'its marker is recent' };
  return { alive: false, why: `its marker is older than ${Math.round(rules.legacyTtlMs / 60_000)} min` };
}

export interface JournalDeps {
  compute: Compute;
  clock: Clock;
  logger: DeployLogger;
  random?: () => number;
}

/** This run's journal: the tags its new instances carry from launch, kept current step by step. */
export class Journal {
  private instanceIds: string[] = [];
  private renewedAt = 0;

  constructor(
    private readonly deps: JournalDeps,
    readonly info: { rolloverId: string; holder: string; startedAt: Date; leaseMs: number; processId?: string; callTimeoutMs: number },
  ) {}

  /** The lock and journal tags the new instances are launched with (so the journal exists the moment they do). */
  launchTags(): Record<string, string> {
    this.renewedAt = this.deps.clock.now();
    const tags: Record<string, string> = {
      [TAG.inProgress]: this.info.startedAt.toISOString(),
      [TAG.rolloverId]: this.info.rolloverId,
      [TAG.rolloverBy]: fit(this.info.holder),
      [TAG.phase]: 'launch',
      [TAG.leaseUntil]: this.leaseUntil(),
    };
    if (this.info.processId) tags[TAG.process] = fit(this.info.processId);
    return tags;
  }

  attach(instanceIds: string[]): void {
    this.instanceIds = [...new Set([...this.instanceIds, ...instanceIds])];
  }

  get attached(): readonly string[] {
    return this.instanceIds;
  }

  /** No more writes: the journal is being cleared. */
  close(): void {
    this.instanceIds = [];
  }

  /** Records the step the rollover enters and renews the lease. Best effort: a journal that lags is repaired from the real state anyway. */
  async record(phase: string): Promise<void> {
    if (this.instanceIds.length === 0) return;
    const deadlineAt = this.deps.clock.now() + Math.min(this.info.callTimeoutMs, 30_000);
    try {
      await retryTransient('record the rollover phase', () => this.deps.compute.tag(this.instanceIds, { [TAG.phase]: phase, [TAG.leaseUntil]: this.leaseUntil() }), this.deps, { deadlineAt });
      this.renewedAt = this.deps.clock.now();
    } catch (err) {
      this.deps.logger.warn(`could not record phase "${phase}" in the journal tags: ${(err as Error).message}`);
    }
  }

  /** Renews the lease when a third of it has passed; called from every wait and retry loop. Never throws. */
  async keepAlive(): Promise<void> {
    if (this.instanceIds.length === 0) return;
    if (this.deps.clock.now() - this.renewedAt < this.info.leaseMs / 3) return;
    this.renewedAt = this.deps.clock.now();
    try {
      await this.deps.compute.tag(this.instanceIds, { [TAG.leaseUntil]: this.leaseUntil() });
    } catch (err) {
      this.deps.logger.warn(`could not renew the rollover lease: ${(err as Error).message}`);
    }
  }

  private leaseUntil(): string {
    return new Date(this.deps.clock.now() + this.info.leaseMs).toISOString();
  }
}

/**
 * Clears the lock and journal tags of a rollover from every live instance that carries them —
 * its new instances (found by its id, plus any ids we know) and the old fleet it tagged as
 * retiring — reading them back until they are gone.
 */
export async function clearJournal(rolloverId: string, knownIds: readonly string[], deps: JournalDeps, deadlineAt: number): Promise<string[]> {
  // One retried read per call: under a throttling storm three calls in one attempt rarely all pass.
  const read = <T>(what: string, fn: () => Promise<T>) => retryTransient(what, fn, deps, { deadlineAt });
  const tagged = await read('find the journal tags', () => deps.compute.findInstances({ tags: { [TAG.rolloverId]: rolloverId } }));
  const retiring = await read('find the retiring tags', () => deps.compute.findInstances({ tags: { [TAG.retiring]: rolloverId } }));
  const known = knownIds.length ? await read('describe instances', () => deps.compute.describeInstances([...knownIds])) : [];
  const live = [...tagged, ...retiring, ...known].filter((i) => i.state === 'pending' || i.state === 'running');
  const carrying = [...new Map(live.filter((i) => JOURNAL_KEYS.some((k) => k in i.tags)).map((i) => [i.id, i])).values()];
  if (carrying.length === 0) return [];
  const ids = carrying.map((i) => i.id);
  await mutateConverged(
    `clear the rollover lock on ${ids.join(', ')}`,
    () => deps.compute.untag(ids, JOURNAL_KEYS),
    async () => (await deps.compute.describeInstances(ids)).every((i) => !JOURNAL_KEYS.some((k) => k in i.tags)),
    deps,
    { deadlineAt },
  );
  deps.logger.info(`cleared the rollover lock and journal tags on ${ids.join(', ')}`);
  return ids;
}
