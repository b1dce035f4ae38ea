import { ToolError } from '../lib/cli';
import { parseSeverity, Severity } from './severity';

/** One advisory found by `npm audit` (npm 7+ report, `auditReportVersion: 2`). */
export interface Advisory {
  /** GHSA id when the advisory URL has one (the stable id people write in allowlists). */
  ghsa?: string;
  /** npm's numeric advisory id (`source`). */
  source?: number;
  url: string;
  title: string;
  severity: Severity;
  /** The vulnerable package and its vulnerable range. */
  packageName: string;
  range: string;
  /** Packages that pull the vulnerable one in, following `via` chains up to direct dependencies. */
  pulledInBy: string[];
}

interface Vulnerability {
  name: string;
  severity: string;
  isDirect?: boolean;
  via: Array<string | ViaAdvisory>;
  effects?: string[];
}
interface ViaAdvisory {
  source?: number;
  name: string;
  title?: string;
  url?: string;
  severity: string;
  range?: string;
}

/**
 * Reads an `npm audit --json` report. In npm 7+ reports each vulnerable package lists in
 * `via` either advisory objects (the package itself is vulnerable) or names of other
 * packages (it is affected because it depends on one); `effects` points the other way.
 * Advisories are de-duplicated by URL, and for each we collect the direct dependencies
 * through which it reaches us, which is what a reader needs to decide on a fix.
 */
export function parseAuditReport(json: string, origin = 'audit report'): Advisory[] {
  let report: Record<string, unknown>;
  try {
    report = JSON.parse(json);
  } catch (error) {
    throw new ToolError(`${origin} is not JSON (${(error as Error).message}). Pass the output of "npm audit --omit=dev --json".`);
  }
  if (report['error']) {
    const e = report['error'] as { code?: string; summary?: string };
    throw new ToolError(`${origin}: npm audit itself failed (${e.code ?? 'error'}: ${e.summary ?? 'no summary'}). No advisories could be checked, so the scan cannot pass.`);
  }
  if (report['auditReportVersion'] !== 2 || typeof report['vulnerabilities'] !== 'object') {
    throw new ToolError(`${origin}: not an npm 7+ audit report (expected auditReportVersion 2 with "vulnerabilities"). Run it with npm 7 or later.`);
  }
  const vulns = report['vulnerabilities'] as Record<string, Vulnerability>;
  const byUrl = new Map<string, Advisory>();
  for (const vuln of Object.values(vulns)) {
    for (const via of vuln.via) {
      if (typeof via === 'string') continue;
      const url = via.url ?? `npm-advisory:${via.source}`;
      const advisory = byUrl.get(url) ?? {
        ghsa: url.match(/GHSA(-[23456789cfghjmpqrvwx]{4}){3}/i)?.[0],
        source: via.source,
        url,
        title: via.title ?? '(no title)',
        severity: parseSeverity(via.severity, `${origin}: severity of ${url}`),
        packageName: via.name,
        range: via.range ?? vuln.name,
        pulledInBy: [] as string[]
      };
      byUrl.set(url, advisory);
      for (const top of directDependents(vuln.name, vulns)) {
        if (!advisory.pulledInBy.includes(top)) advisory.pulledInBy.push(top);
      }
    }
  }
  return [...byUrl.values()].map((a) => ({ ...a, pulledInBy: a.pulledInBy.sort() }));
}

/** Walks `effects` up to the direct dependencies (guarding against cycles). */
function directDependents(name: string, vulns: Record<string, Vulnerability>): string[] {
  const found = new Set<string>();
  const seen = new Set<string>();
  const stack = [name];
  while (stack.length > 0) {
    const current = stack.pop() as string;
    if (seen.has(current)) continue;
    seen.add(current);
    const v = vulns[current];
    if (!v) continue;
    if (v.isDirect) found.add(current);
    stack.push(...(v.effects ?? []));
  }
  return [...found];
}
