import type { Plan, PlanStep } from '../plan/plan';
import type { StoredObject } from '../ports/object-store';
import { contentTypeFor, isHtml } from './content-headers';
import type { SyncDiff } from './diff';
import type { LocalFile } from './local-files';
import { formatBytes } from './format';

export interface UploadItem {
  key: string;
  file: LocalFile;
  contentType: string;
  cacheControl: string;
  reason: 'new' | 'changed';
}

export type SyncStep =
  | (PlanStep & { action: 'upload'; uploads: UploadItem[] })
  | (PlanStep & { action: 'mark-stale'; objects: StoredObject[] })
  | (PlanStep & { action: 'delete'; objects: StoredObject[] });

export interface SyncPlanContext {
  diff: SyncDiff;
  /** "s3://bucket/prefix/" */
  target: string;
  source: string;
  prefix: string;
  cacheControlFor: (relativeKey: string) => string;
  keepStaleFor?: string;
}

const MAX_DETAIL_LINES = 20;

/**
 * Orders the work so the live site never breaks: assets first (a new page never asks for a
 * missing asset), then HTML pages, the root index.html alone last, and only then deletes
 * (a browser holding the old page keeps finding its assets until the very end).
 */
export function buildSyncPlan(ctx: SyncPlanContext): Plan<SyncStep> {
  const { diff, prefix } = ctx;
  const items: UploadItem[] = diff.uploads.map((u) => ({
    key: u.key,
    file: u.file,
    reason: u.reason,
    contentType: contentTypeFor(u.key),
    cacheControl: ctx.cacheControlFor(u.file.relativeKey),
  }));
  const rootIndex = `${prefix}index.html`;
  const assets = items.filter((i) => !isHtml(i.key));
  const pages = items.filter((i) => isHtml(i.key) && i.key !== rootIndex);
  const index = items.filter((i) => i.key === rootIndex);

  const steps: SyncStep[] = [];
  if (assets.length) steps.push(uploadStep('upload-assets', `Upload ${count(assets.length, 'asset')}`, assets));
  if (pages.length) steps.push(uploadStep('upload-pages', `Upload ${count(pages.length, 'HTML page')}`, pages));
  if (index.length) steps.push(uploadStep('upload-index', 'Upload index.html (last: the site switches to the new build here)', index));
  if (diff.newlyStale.length) {
    steps.push({
      id: 'mark-stale',
      action: 'mark-stale',
      summary: `Mark ${count(diff.newlyStale.length, 'stale key')} to keep for ${ctx.keepStaleFor}`,
      details: keyDetails(diff.newlyStale.map((o) => o.key)),
      mutating: true,
      objects: diff.newlyStale,
    });
  }
  if (diff.deletes.length) {
    steps.push({
      id: 'delete',
      action: 'delete',
      summary: `Delete ${count(diff.deletes.length, 'stale key')} (${formatBytes(sum(diff.deletes))})`,
      details: keyDetails(diff.deletes.map((o) => o.key)),
      mutating: true,
      objects: diff.deletes,
    });
  }

  const uploadBytes = items.reduce((n, i) => n + i.file.size, 0);
  const localCount = diff.uploads.length + diff.unchanged.length;
  const facts: Array<[string, string]> = [
    ['source', ctx.source],
    ['files', `${localCount} (${formatBytes(uploadBytes + diff.unchanged.reduce((n, f) => n + f.size, 0))})`],
    ['upload', `${items.length} (${formatBytes(uploadBytes)}; ${items.filter((i) => i.reason === 'new').length} new)`],
    ['unchanged', String(diff.unchanged.length)],
    ['delete', String(diff.deletes.length)],
  ];
  if (diff.keptStale.length || diff.newlyStale.length) {
    facts.push(['kept stale', `${diff.keptStale.length + diff.newlyStale.length} (for ${ctx.keepStaleFor})`]);
  }
  if (diff.excludedRemote) facts.push(['excluded', `${diff.excludedRemote} remote key(s) left alone`]);
  return { operation: 'Frontend sync', target: ctx.target, facts, steps };
}

function uploadStep(id: string, summary: string, uploads: UploadItem[]): SyncStep {
  const bytes = uploads.reduce((n, u) => n + u.file.size, 0);
  return {
    id,
    action: 'upload',
    summary: `${summary} (${formatBytes(bytes)})`,
    details: keyDetails(uploads.map((u) => `${u.reason === 'new' ? '+' : '~'} ${u.key}  ${u.cacheControl}`)),
    mutating: true,
    uploads,
  };
}

function keyDetails(lines: string[]): string[] {
  if (lines.length <= MAX_DETAIL_LINES) return lines;
  return [...lines.slice(0, MAX_DETAIL_LINES), `… and ${lines.length - MAX_DETAIL_LINES} more`];
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function sum(objects: StoredObject[]): number {
  return objects.reduce((n, o) => n + o.size, 0);
}
