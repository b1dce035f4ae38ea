import pLimit from 'p-limit';
import type { DeployEnvironment } from '@eapd/config';
import type { ObjectStore } from '../ports/object-store';
import type { ReleasesLayout } from '../releases/layout';
import type { HistoryEntry } from './history-record';

type RecordEvent = 'started' | 'finished';

/** "2026-03-01T12:00:00.123Z" → "20260301T120000123Z": sorts by time as text. */
function compactTime(iso: string): string {
  return iso.replace(/[-:.]/g, '');
}

function recordKey(layout: ReleasesLayout, entry: HistoryEntry, event: RecordEvent): string {
  return `${layout.history(entry.environment)}${compactTime(entry.startedAt)}-${entry.attempt}-${event}.json`;
}

/**
 * The deploy history of every environment, in the releases bucket: one object per record,
 * created with If-None-Match, never rewritten or deleted by the tools (append-only).
 */
export class HistoryLog {
  constructor(
    private readonly store: ObjectStore,
    private readonly layout: ReleasesLayout,
  ) {}

  async started(entry: HistoryEntry): Promise<void> {
    await this.append(entry, 'started');
  }

  async finished(entry: HistoryEntry): Promise<void> {
    await this.append(entry, 'finished');
  }

  /** Every attempt in the environment, newest first; each from its finished record when there is one. */
  async read(environment: DeployEnvironment): Promise<HistoryEntry[]> {
    const objects = await this.store.list(this.layout.history(environment));
    const byAttempt = new Map<string, { key: string; event: RecordEvent }>();
    for (const { key } of objects) {
      const match = /^\d{8}T\d{9}Z-([A-Za-z0-9_-]+)-(started|finished)\.json$/.exec(key.slice(key.lastIndexOf('/') + 1));
      if (!match) continue;
      const [, attempt, event] = match as unknown as [string, string, RecordEvent];
      const seen = byAttempt.get(attempt);
      // The finished record holds everything the started one does, and the outcome.
      if (!seen || event === 'finished') byAttempt.set(attempt, { key, event });
    }
    const limit = pLimit(16);
    const entries = await Promise.all(
      [...byAttempt.values()].map(({ key }) =>
        limit(async () => {
          const object = await this.store.read(key);
          return object ? (JSON.parse(object.body.toString('utf8')) as HistoryEntry) : undefined;
        }),
      ),
    );
    return entries
      .filter((e): e is HistoryEntry => e !== undefined && e.schema === 1)
      .sort((a, b) => (a.startedAt < b.startedAt ? 1 : a.startedAt > b.startedAt ? -1 : a.attempt < b.attempt ? 1 : -1));
  }

  private async append(entry: HistoryEntry, event: RecordEvent): Promise<void> {
    await this.store.write({
      key: recordKey(this.layout, entry, event),
      body: JSON.stringify(entry, null, 2) + '\n',
      contentType: 'application/json',
      ifNoneMatch: true,
    });
  }
}
