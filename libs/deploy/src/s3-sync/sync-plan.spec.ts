import { formatPlan } from '../plan/plan';
import { cacheControlChooser, DEFAULT_CACHE_CONTROL_RULES } from './content-headers';
import type { SyncDiff } from './diff';
import type { LocalFile } from './local-files';
import { buildSyncPlan } from './sync-plan';

const file = (relativeKey: string, size = 100): LocalFile => ({ relativeKey, filePath: `/b/${relativeKey}`, size, md5: '0'.repeat(32) });

function diff(partial: Partial<SyncDiff>): SyncDiff {
  return { uploads: [], unchanged: [], deletes: [], keptStale: [], newlyStale: [], excludedRemote: 0, ...partial };
}

const ctx = { target: 's3://site/web/', source: '/b', prefix: 'web/', cacheControlFor: cacheControlChooser(DEFAULT_CACHE_CONTROL_RULES) };

describe('buildSyncPlan', () => {
  it('orders assets, then HTML pages, then the root index.html, then deletes', () => {
    const uploads = ['web/index.html', 'web/about/index.html', 'web/main.1a2b3c4d.js', 'web/favicon.ico'].map((key) => ({
      key, file: file(key.slice(4)), reason: 'changed' as const,
    }));
    const plan = buildSyncPlan({
      ...ctx,
      diff: diff({ uploads, deletes: [{ key: 'web/old.js', size: 5, etag: 'x', lastModified: 0 }] }),
    });
    expect(plan.steps.map((s) => s.action)).toEqual(['upload', 'upload', 'upload', 'delete']);
    const keys = plan.steps.map((s) => (s.action === 'upload' ? s.uploads.map((u) => u.key) : s.objects.map((o) => o.key)));
    expect(keys).toEqual([['web/main.1a2b3c4d.js', 'web/favicon.ico'], ['web/about/index.html'], ['web/index.html'], ['web/old.js']]);
    const first = plan.steps[0];
    expect(first.action === 'upload' && first.uploads.map((u) => [u.contentType, u.cacheControl])).toEqual([
      ['text/javascript; charset=utf-8', 'public, max-age=31536000, immutable'],
      ['image/vnd.microsoft.icon', 'no-cache'],
    ]);
    expect(plan.steps.every((s) => s.mutating)).toBe(true);
  });

  it('prints counts and byte totals, and caps long key lists', () => {
    const uploads = Array.from({ length: 30 }, (_, i) => ({ key: `web/a${i}.1a2b3c4d.js`, file: file(`a${i}.1a2b3c4d.js`, 1024), reason: 'new' as const }));
    const text = formatPlan(buildSyncPlan({ ...ctx, diff: diff({ uploads, unchanged: [file('index.html')] }) }));
    expect(text).toContain('Plan: Frontend sync → s3://site/web/');
    expect(text).toMatch(/upload\s+30 \(30 KB; 30 new\)/);
    expect(text).toMatch(/unchanged\s+1/);
    expect(text).toContain('Upload 30 assets (30 KB)');
    expect(text).toContain('… and 10 more');
  });

  it('has no steps when nothing changed', () => {
    const plan = buildSyncPlan({ ...ctx, diff: diff({ unchanged: [file('index.html')] }) });
    expect(plan.steps).toEqual([]);
    expect(formatPlan(plan)).toContain('(nothing to do)');
  });

  it('shows stale keys kept for the grace period', () => {
    const stale = { key: 'web/old.1a2b3c4d.js', size: 1, etag: 'x', lastModified: 0 };
    const plan = buildSyncPlan({ ...ctx, keepStaleFor: '1h', diff: diff({ newlyStale: [stale], keptStale: [stale] }) });
    expect(plan.steps.map((s) => s.summary)).toEqual(['Mark 1 stale key to keep for 1h']);
    expect(formatPlan(plan)).toMatch(/kept stale\s+2 \(for 1h\)/);
  });
});
