import { ToolError } from '../lib/cli';
import type { ZapAction, ZapRule } from './zap-rules';

/** One alert type of a ZAP JSON report (`-J`), with how many places raised it. */
export interface ZapAlert {
  pluginId: string;
  name: string;
  /** 0 informational, 1 low, 2 medium, 3 high (ZAP's riskcode). */
  risk: number;
  count: number;
  example?: string;
}

export interface JudgedAlert extends ZapAlert {
  scan: string;
  action: ZapAction;
  why: string;
}

const RISK = ['Informational', 'Low', 'Medium', 'High'];
export const riskName = (risk: number) => RISK[risk] ?? `risk ${risk}`;

/** The alerts of ZAP's traditional JSON report: `{ site: [{ alerts: [{ pluginid, name, riskcode, count, instances }] }] }`. */
export function parseZapReport(json: string, origin: string): ZapAlert[] {
  let report: { site?: Array<{ alerts?: Array<Record<string, unknown>> }> };
  try {
    report = JSON.parse(json);
  } catch (error) {
    throw new ToolError(`${origin} is not a ZAP JSON report: ${(error as Error).message}`);
  }
  if (!report || !Array.isArray(report.site)) throw new ToolError(`${origin} is not a ZAP JSON report (no "site" list)`);
  return report.site.flatMap((site) =>
    (site.alerts ?? []).map((a) => {
      const instances = Array.isArray(a['instances']) ? (a['instances'] as Array<{ uri?: string }>) : [];
      return {
        pluginId: String(a['pluginid'] ?? a['alertRef'] ?? ''),
        name: String(a['name'] ?? a['alert'] ?? ''),
        risk: Number(a['riskcode'] ?? 0),
        count: Number(a['count'] ?? instances.length) || instances.length,
        example: instances[0]?.uri,
      };
    }),
  );
}

/**
 * Our verdict per alert: the rule's action when the rules file lists it; otherwise High risk
 * fails (a new kind of serious finding must be looked at, not waved through) and anything
 * lower is reported.
 */
export function judgeAlerts(scan: string, alerts: ZapAlert[], rules: ZapRule[]): JudgedAlert[] {
  const byId = new Map(rules.map((r) => [r.pluginId, r]));
  return alerts.map((alert) => {
    const rule = byId.get(alert.pluginId);
    if (rule) return { ...alert, scan, action: rule.action, why: rule.reason };
    return alert.risk >= 3
      ? { ...alert, scan, action: 'FAIL', why: 'High risk and not classified in tools/owasp/zap-rules.tsv' }
      : { ...alert, scan, action: 'WARN', why: `${riskName(alert.risk)} risk, not classified in tools/owasp/zap-rules.tsv` };
  });
}
