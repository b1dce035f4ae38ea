import { formatDuration } from '../log/errors';
import { outcomeOf, type HistoryEntry } from './history-record';

const short = (sha?: string) => (sha && /^[0-9a-f]{40}$/.test(sha) ? sha.slice(0, 12) : sha ?? '');

function duration(entry: HistoryEntry): string {
  if (!entry.finishedAt) return '';
  return formatDuration(Date.parse(entry.finishedAt) - Date.parse(entry.startedAt));
}

function details(entry: HistoryEntry): string {
  const parts: string[] = [];
  if (entry.steps?.length) parts.push(entry.steps.map((s) => `${s.name} ${formatDuration(s.ms)}${s.ok ? '' : ' ✗'}`).join(', '));
  if (entry.error) parts.push(`error: ${entry.error.split('\n')[0]}`);
  if (entry.outcome && entry.outcome !== 'succeeded' && entry.serving) {
    parts.push(`now serving: api ${short(entry.serving.api) || '?'}, web ${short(entry.serving.web) || '?'}`);
  }
  return parts.join('; ');
}

/** The history as a table, newest first (the order it is given in). */
export function formatHistoryTable(entries: HistoryEntry[]): string {
  if (entries.length === 0) return '(no deploys recorded yet)';
  const header = ['STARTED (UTC)', 'KIND', 'RELEASE', 'TAG', 'WHO', 'DURATION', 'OUTCOME', 'STEPS / ERROR'];
  const rows = entries.map((e) => [
    e.startedAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z'),
    e.kind,
    short(e.release),
    e.tag ?? '',
    e.who,
    duration(e),
    outcomeOf(e),
    details(e),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}
