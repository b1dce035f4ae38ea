/**
 * `npx nx run tools:audit-policy -- --report <file|->` (or `--run-npm-audit` in CircleCI):
 * applies the dependency-vulnerability policy to an `npm audit --omit=dev --json` report.
 *   --threshold <info|low|moderate|high|critical>  fail at or above this (default: high, or AUDIT_THRESHOLD)
 *   --allowlist <file>    accepted advisories (default tools/audit/allowlist.yml)
 *   --run-npm-audit       run `npm audit --omit=dev --json` here instead of reading --report
 *   --save <file>         keep the raw report (for CircleCI's store_artifacts)
 *   --today <YYYY-MM-DD>  the date expiry is judged against (default: today, UTC)
 * Exit 0 = policy passed, 1 = blocking findings or allowlist problems, 2 = could not judge.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runCli, ToolError } from '../lib/cli';
import { loadAllowlist } from './allowlist';
import { parseAuditReport } from './audit-report';
import { evaluatePolicy } from './evaluate-policy';
import { formatPolicyResult } from './format-policy-result';
import { parseSeverity } from './severity';

export const DEFAULT_ALLOWLIST = 'tools/audit/allowlist.yml';
const NPM_AUDIT_ARGS = ['audit', '--omit=dev', '--json'];

export function auditPolicy(argv: string[], cwd = process.cwd()): number {
  const { values } = parseArgs({
    args: argv,
    options: {
      report: { type: 'string' },
      'run-npm-audit': { type: 'boolean', default: false },
      save: { type: 'string' },
      threshold: { type: 'string', default: process.env['AUDIT_THRESHOLD'] || 'high' },
      allowlist: { type: 'string' },
      today: { type: 'string', default: new Date().toISOString().slice(0, 10) }
    }
  });
  const threshold = parseSeverity(values.threshold as string, '--threshold');
  const { json, origin } = readReport(values, cwd);
  if (values.save) {
    const target = resolve(cwd, values.save);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, json);
  }
  const allowlistPath = resolve(cwd, values.allowlist ?? DEFAULT_ALLOWLIST);
  if (values.allowlist && !existsSync(allowlistPath)) throw new ToolError(`allowlist ${allowlistPath} does not exist`);
  const allowlist = existsSync(allowlistPath) ? loadAllowlist(allowlistPath) : { entries: [], problems: [] };
  const result = evaluatePolicy(parseAuditReport(json, origin), allowlist, threshold, values.today as string);
  const text = formatPolicyResult(result);
  if (result.passed) console.log(text);
  else console.error(text);
  return result.passed ? 0 : 1;
}

function readReport(values: { report?: string; 'run-npm-audit'?: boolean }, cwd: string): { json: string; origin: string } {
  if (values['run-npm-audit']) {
    console.log(`Running: npm ${NPM_AUDIT_ARGS.join(' ')}`);
    const r = spawnSync('npm', NPM_AUDIT_ARGS, { cwd, env: process.env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 5 * 60_000 });
    // npm audit exits 1 whenever it finds anything: judge its JSON, not its exit status.
    if (r.error) throw new ToolError(`could not run npm audit: ${r.error.message}`);
    if (!r.stdout.trim()) throw new ToolError(`npm audit printed no report (exit ${r.status}): ${r.stderr.trim()}`);
    return { json: r.stdout, origin: 'npm audit output' };
  }
  if (!values.report) throw new ToolError('pass --report <file> (or "-" for stdin) with the output of "npm audit --omit=dev --json", or --run-npm-audit');
  if (values.report === '-') return { json: readFileSync(0, 'utf8'), origin: 'stdin' };
  const file = resolve(cwd, values.report);
  if (!existsSync(file)) throw new ToolError(`audit report ${file} does not exist`);
  return { json: readFileSync(file, 'utf8'), origin: values.report };
}

if (require.main === module) runCli((argv) => auditPolicy(argv));
