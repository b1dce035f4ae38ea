/**
 * `npx nx run tools:zap-scan -- --url-file tmp/preview/url.txt --image <name@sha256:…> --out reports/zap`
 * The OWASP ZAP gate of a pull request's preview: the API is actively scanned from its OpenAPI
 * document (`/api/openapi.json`, zap-api-scan.py), the web app baseline-scanned with the AJAX
 * spider (zap-baseline.py -j). Both read tools/owasp/zap-rules.tsv; the HTML and JSON reports
 * land in --out (CircleCI stores them as artifacts). Exit 1 when an alert is FAIL (by rule, or
 * High and unclassified), 2 when a scan could not run.
 * Docker is driven with create / cp / start / cp instead of bind mounts, because CircleCI's
 * remote Docker cannot mount the job's files.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runCli, ToolError } from '../lib/cli';
import { formatTable } from '../lib/text-table';
import { judgeAlerts, parseZapReport, riskName, type JudgedAlert } from './zap-report';
import { loadZapRules } from './zap-rules';

export const DEFAULT_RULES = 'tools/owasp/zap-rules.tsv';

export interface ZapScan {
  label: 'api' | 'web';
  /** The command run inside the ZAP image. */
  command: string[];
}

/** Runs a program to completion, output shown live; returns its exit status. */
export type RunCommand = (program: string, args: string[]) => number;

const runLive: RunCommand = (program, args) => {
  const r = spawnSync(program, args, { stdio: 'inherit', timeout: 40 * 60_000 });
  if (r.error) throw new ToolError(`could not run ${program}: ${r.error.message}`);
  return r.status ?? 3;
};

/** An image reference pinned by digest: `name[:tag]@sha256:<64 hex>`. A tag alone can move. */
export function assertDigestPinned(image: string): string {
  if (!/^[a-z0-9][a-z0-9./_-]*(:[\w.-]+)?@sha256:[0-9a-f]{64}$/.test(image)) {
    throw new ToolError(
      `the ZAP image must be pinned by digest (name@sha256:<64 hex digits>), got "${image}". ` +
        'Set the pipeline parameter zap-image in .circleci/config.yml (docker buildx imagetools inspect ghcr.io/zaproxy/zaproxy:stable).',
    );
  }
  return image;
}

/** The preview's base URL, as deploy-preview wrote it: https://<host>[:port], no path. */
export function readPreviewUrl(file: string): string {
  if (!existsSync(file)) {
    throw new ToolError(`${file} does not exist: deploy-preview writes it only when the preview is up, so there is nothing to scan.`);
  }
  const url = readFileSync(file, 'utf8').trim().replace(/\/+$/, '');
  if (!/^https:\/\/[A-Za-z0-9.-]+(:\d+)?$/.test(url)) throw new ToolError(`${file} does not hold a preview URL (https://host): "${url}"`);
  return url;
}

export function planZapScans(url: string): ZapScan[] {
  const common = ['-c', 'rules.tsv', '-I'];
  return [
    { label: 'api', command: ['zap-api-scan.py', '-t', `${url}/api/openapi.json`, '-f', 'openapi', ...common, '-r', 'api.html', '-J', 'api.json'] },
    { label: 'web', command: ['zap-baseline.py', '-t', `${url}/`, '-j', '-m', '5', ...common, '-r', 'web.html', '-J', 'web.json'] },
  ];
}

export interface ZapScanResult {
  alerts: JudgedAlert[];
  /** Scans whose container failed or wrote no report. */
  broken: string[];
}

export function runZapScans(options: { url: string; image: string; rulesFile: string; outDir: string; run?: RunCommand }): ZapScanResult {
  const run = options.run ?? runLive;
  const rules = loadZapRules(options.rulesFile);
  const alerts: JudgedAlert[] = [];
  const broken: string[] = [];
  for (const scan of planZapScans(options.url)) {
    const name = `eapd-zap-${scan.label}-${process.pid}`;
    const input = join(options.outDir, '.input', scan.label);
    const output = join(options.outDir, scan.label);
    mkdirSync(input, { recursive: true });
    mkdirSync(output, { recursive: true });
    copyFileSync(options.rulesFile, join(input, 'rules.tsv'));
    // docker cp keeps modes, not owners: the image's `zap` user must be able to write its reports here.
    chmodSync(input, 0o777);
    console.log(`\n== ZAP ${scan.label} scan: ${scan.command.join(' ')}`);
    let status = 3;
    try {
      if (run('docker', ['create', '--name', name, options.image, ...scan.command]) !== 0) throw new ToolError(`docker create failed for the ${scan.label} scan`);
      if (run('docker', ['cp', `${input}/.`, `${name}:/zap/wrk`]) !== 0) throw new ToolError(`docker cp of the rules failed for the ${scan.label} scan`);
      status = run('docker', ['start', '--attach', name]);
      run('docker', ['cp', `${name}:/zap/wrk/.`, output]);
    } finally {
      run('docker', ['rm', '--force', name]);
    }
    const report = join(output, `${scan.label}.json`);
    if (status >= 3 || !existsSync(report)) {
      broken.push(`${scan.label} (ZAP exit ${status}${existsSync(report) ? '' : ', no JSON report'})`);
      continue;
    }
    alerts.push(...judgeAlerts(scan.label, parseZapReport(readFileSync(report, 'utf8'), report), rules));
  }
  rmSync(join(options.outDir, '.input'), { recursive: true, force: true });
  return { alerts, broken };
}

export function formatZapVerdict(result: ZapScanResult): { text: string; exitCode: number } {
  const shown = result.alerts.filter((a) => a.action !== 'IGNORE').sort((a, b) => a.action.localeCompare(b.action) || b.risk - a.risk);
  const failed = shown.filter((a) => a.action === 'FAIL');
  const lines = [''];
  if (shown.length > 0) {
    lines.push(
      formatTable(
        ['verdict', 'scan', 'id', 'risk', 'alert', 'where', 'why'],
        shown.map((a) => [a.action, a.scan, a.pluginId, riskName(a.risk), `${a.name} (${a.count}x)`, a.example ?? '', a.why]),
      ),
    );
  }
  const ignored = result.alerts.length - shown.length;
  lines.push(`\nZAP: ${failed.length} failing, ${shown.length - failed.length} warning, ${ignored} ignored by rule.`);
  for (const b of result.broken) lines.push(`ZAP scan did not complete: ${b}.`);
  if (result.broken.length > 0) return { text: lines.join('\n'), exitCode: 2 };
  if (failed.length > 0) lines.push('The OWASP ZAP gate FAILED: fix the findings above, or classify them in tools/owasp/zap-rules.tsv with a reason.');
  else lines.push('The OWASP ZAP gate passed.');
  return { text: lines.join('\n'), exitCode: failed.length > 0 ? 1 : 0 };
}

export function zapScanCommand(argv: string[], cwd = process.cwd(), run?: RunCommand): number {
  const { values } = parseArgs({
    args: argv,
    options: {
      'url-file': { type: 'string', default: 'tmp/preview/url.txt' },
      image: { type: 'string' },
      out: { type: 'string', default: 'reports/zap' },
      rules: { type: 'string', default: DEFAULT_RULES },
    },
  });
  if (!values.image) throw new ToolError('pass --image <name@sha256:…> (the pipeline parameter zap-image)');
  const image = assertDigestPinned(values.image);
  const url = readPreviewUrl(resolve(cwd, values['url-file'] as string));
  const outDir = resolve(cwd, values.out as string);
  const result = runZapScans({ url, image, rulesFile: resolve(cwd, values.rules as string), outDir, run });
  const verdict = formatZapVerdict(result);
  writeFileSync(join(outDir, 'verdict.json'), JSON.stringify({ url, image, exitCode: verdict.exitCode, alerts: result.alerts, broken: result.broken }, null, 2) + '\n');
  console.log(verdict.text);
  return verdict.exitCode;
}

if (require.main === module) runCli((argv) => zapScanCommand(argv));
