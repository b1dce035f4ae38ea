import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { ToolError } from '../lib/cli';
import type { Advisory } from './audit-report';

/** An accepted advisory: who accepted what, why, and until when. */
export interface AllowlistEntry {
  id: string;
  reason: string;
  /** YYYY-MM-DD; the entry is honoured through the end of that day (UTC). */
  expires: string;
}

export interface Allowlist {
  entries: AllowlistEntry[];
  /** Entries that are unusable (missing or malformed fields): each one fails the policy. */
  problems: string[];
}

const GHSA = /^GHSA(-[23456789cfghjmpqrvwx]{4}){3}$/i;

/**
 * Reads the allowlist (YAML or JSON): `{ advisories: [{ id, reason, expires }] }`. `id` is a
 * GHSA id, the advisory URL, or npm's numeric advisory id. Every field is required: an
 * exception nobody explained or dated is how a "temporary" ignore becomes permanent.
 */
export function loadAllowlist(file: string): Allowlist {
  let data: unknown;
  try {
    data = parse(readFileSync(file, 'utf8'), { uniqueKeys: true });
  } catch (error) {
    throw new ToolError(`allowlist ${file} could not be read: ${(error as Error).message}`);
  }
  return parseAllowlist(data, file);
}

export function parseAllowlist(data: unknown, file: string): Allowlist {
  const list = data == null ? [] : (data as { advisories?: unknown }).advisories;
  if (list == null) return { entries: [], problems: [] };
  if (!Array.isArray(list)) throw new ToolError(`allowlist ${file}: "advisories" must be a list`);
  const entries: AllowlistEntry[] = [];
  const problems: string[] = [];
  list.forEach((raw: Record<string, unknown>, index) => {
    const where = `allowlist ${file}, entry ${index + 1}`;
    const id = raw?.['id'] == null ? '' : String(raw['id']).trim();
    const reason = typeof raw?.['reason'] === 'string' ? raw['reason'].trim() : '';
    const expires = normaliseDate(raw?.['expires']);
    const missing = [!id && 'id', !reason && 'reason', !raw?.['expires'] && 'expires'].filter(Boolean);
    if (missing.length > 0) {
      problems.push(`${where}${id ? ` (${id})` : ''}: missing ${missing.join(', ')}; every entry needs an advisory id, a reason and an expiry date`);
      return;
    }
    if (!GHSA.test(id) && !/^https?:\/\//.test(id) && !/^\d+$/.test(id)) {
      problems.push(`${where}: id "${id}" is not a GHSA id, an advisory URL or an npm advisory number`);
      return;
    }
    if (!expires) {
      problems.push(`${where} (${id}): expires must be a date written YYYY-MM-DD, got "${String(raw['expires'])}"`);
      return;
    }
    entries.push({ id, reason, expires });
  });
  return { entries, problems };
}

function normaliseDate(value: unknown): string | undefined {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString().slice(0, 10);
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const d = new Date(`${value}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value ? undefined : value;
}

export function isExpired(entry: AllowlistEntry, today: string): boolean {
  return entry.expires < today;
}

export function entryMatches(entry: AllowlistEntry, advisory: Advisory): boolean {
  const id = entry.id.toLowerCase();
  return (
    (advisory.ghsa !== undefined && advisory.ghsa.toLowerCase() === id) ||
    advisory.url.toLowerCase() === id ||
    (advisory.source !== undefined && String(advisory.source) === id)
  );
}
