import { readFileSync } from 'node:fs';
import { ToolError } from '../lib/cli';

/** What happens to an alert: FAIL turns the pipeline red, WARN is reported, IGNORE is dropped. */
export type ZapAction = 'FAIL' | 'WARN' | 'IGNORE';

export interface ZapRule {
  pluginId: string;
  action: ZapAction;
  name: string;
  reason: string;
}

const ACTIONS: readonly ZapAction[] = ['FAIL', 'WARN', 'IGNORE'];

/**
 * Reads ZAP's rules file format (the `-c` file of zap-baseline.py / zap-api-scan.py):
 * `<plugin id> TAB <action> TAB (<alert name>) TAB <reason>`; `#` lines are comments. ZAP itself
 * needs the third field; we also need the fourth: a rule without a reason is refused, so no
 * alert is ever ignored or downgraded without saying why.
 */
export function parseZapRules(text: string, origin = 'rules'): ZapRule[] {
  const rules: ZapRule[] = [];
  const problems: string[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.startsWith('#') || line.trim() === '') return;
    const where = `${origin}:${index + 1}`;
    const [pluginId, action, name, reason] = line.replace(/\r$/, '').split('\t');
    if (!/^\d+$/.test(pluginId ?? '')) problems.push(`${where}: the plugin id must be a number, got "${pluginId}"`);
    else if (!ACTIONS.includes(action as ZapAction)) problems.push(`${where}: the action must be FAIL, WARN or IGNORE, got "${action}"`);
    else if (!/^\(.+\)$/.test(name ?? '')) problems.push(`${where}: the third field must be the alert name in parentheses (ZAP requires it)`);
    else if (!reason?.trim()) problems.push(`${where}: rule ${pluginId} has no reason (fourth field): say why it is ${action}`);
    else if (rules.some((r) => r.pluginId === pluginId)) problems.push(`${where}: rule ${pluginId} is listed twice`);
    else rules.push({ pluginId, action: action as ZapAction, name: name.slice(1, -1), reason: reason.trim() });
  });
  if (problems.length > 0) throw new ToolError(`invalid ZAP rules file:\n  ${problems.join('\n  ')}`);
  return rules;
}

export function loadZapRules(file: string): ZapRule[] {
  return parseZapRules(readFileSync(file, 'utf8'), file);
}
