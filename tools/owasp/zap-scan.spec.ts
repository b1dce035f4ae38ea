import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { judgeAlerts, parseZapReport } from './zap-report';
import { loadZapRules, parseZapRules } from './zap-rules';
import { assertDigestPinned, DEFAULT_RULES, planZapScans, readPreviewUrl, zapScanCommand, type RunCommand } from './zap-scan';

const ROOT = join(__dirname, '../..');
const DIGEST = `ghcr.io/zaproxy/zaproxy:stable@sha256:${'a'.repeat(64)}`;

/** A ZAP traditional JSON report holding the given alerts. */
function report(alerts: Array<{ id: string; name: string; risk: number }>): string {
  return JSON.stringify({
    '@version': '2.16.1',
    site: [{ '@name': 'https://preview.example', alerts: alerts.map((a) => ({ pluginid: a.id, alertRef: a.id, name: a.name, riskcode: String(a.risk), count: '2', instances: [{ uri: 'https://preview.example/api/apds' }] })) }],
  });
}

describe('ZAP rules file (tools/owasp/zap-rules.tsv)', () => {
  const rules = loadZapRules(join(ROOT, DEFAULT_RULES));

  it('is in ZAP\'s -c format, every rule with a reason, and classifies the serious classes as FAIL', () => {
    expect(rules.length).toBeGreaterThan(40);
    for (const r of rules) expect(r.reason.length).toBeGreaterThan(10);
    const fail = rules.filter((r) => r.action === 'FAIL').map((r) => r.pluginId);
    // SQL injection, XSS (reflected, persistent), command injection, path traversal, SSRF, XXE.
    expect(fail).toEqual(expect.arrayContaining(['40018', '40022', '40012', '40014', '90020', '6', '40046', '90023']));
  });

  it('ignores nothing without a reason, and rejects malformed lines', () => {
    expect(() => parseZapRules('10027\tIGNORE\t(Suspicious Comments)\n')).toThrow(/has no reason/);
    expect(() => parseZapRules('10027\tIGNORE\tSuspicious Comments\tnoise\n')).toThrow(/in parentheses/);
    expect(() => parseZapRules('10027\tINFO\t(x)\tnoise\n')).toThrow(/FAIL, WARN or IGNORE/);
    expect(() => parseZapRules('1\tWARN\t(x)\ty\n1\tFAIL\t(x)\ty\n')).toThrow(/listed twice/);
  });
});

describe('judging a ZAP report', () => {
  const rules = parseZapRules('40018\tFAIL\t(SQL Injection)\tinjection\n10027\tIGNORE\t(Suspicious Comments)\tbundle noise\n10020\tWARN\t(Clickjacking)\tnginx defaults\n');

  it('fails on a FAIL rule and on an unclassified High alert; reports the rest; drops IGNOREd ones', () => {
    const alerts = parseZapReport(
      report([
        { id: '40018', name: 'SQL Injection', risk: 3 },
        { id: '10027', name: 'Suspicious Comments', risk: 0 },
        { id: '10020', name: 'Clickjacking', risk: 2 },
        { id: '99999', name: 'Something new and bad', risk: 3 },
        { id: '99998', name: 'Something new and mild', risk: 1 },
      ]),
      'r.json',
    );
    expect(judgeAlerts('api', alerts, rules).map((a) => [a.pluginId, a.action])).toEqual([
      ['40018', 'FAIL'], ['10027', 'IGNORE'], ['10020', 'WARN'], ['99999', 'FAIL'], ['99998', 'WARN'],
    ]);
  });

  it('refuses something that is not a ZAP report rather than passing it', () => {
    expect(() => parseZapReport('{"nope":1}', 'x.json')).toThrow(/not a ZAP JSON report/);
    expect(() => parseZapReport('<html>', 'x.json')).toThrow(/not a ZAP JSON report/);
  });
});

describe('tools:zap-scan', () => {
  let dir: string;
  let calls: string[][];
  let out: string[];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'zap-scan-'));
    mkdirSync(join(dir, 'tmp/preview'), { recursive: true });
    writeFileSync(join(dir, 'tmp/preview/url.txt'), 'https://ec2-1-2-3-4.compute.amazonaws.com\n');
    calls = [];
    out = [];
    jest.spyOn(console, 'log').mockImplementation((m: string) => void out.push(m));
  });
  afterEach(() => {
    jest.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A docker stand-in: `cp <container>:/zap/wrk/. <dir>` writes the given reports, like ZAP would have. */
  const docker = (reports: Record<string, string>, startStatus = 0): RunCommand => (program, args) => {
    calls.push([program, ...args]);
    if (args[0] === 'start') return startStatus;
    if (args[0] === 'cp' && args[1].includes(':/zap/wrk')) {
      const label = args[2].split('/').pop() as string;
      if (reports[label]) writeFileSync(join(args[2], `${label}.json`), reports[label]);
      writeFileSync(join(args[2], `${label}.html`), '<html></html>');
    }
    return 0;
  };
  const args = ['--image', DIGEST, '--rules', join(ROOT, DEFAULT_RULES)];

  it('scans the API from /api/openapi.json and the web app with a baseline scan, both with the rules file', () => {
    const [api, web] = planZapScans('https://preview.example');
    expect(api.command).toEqual(expect.arrayContaining(['zap-api-scan.py', 'https://preview.example/api/openapi.json', 'openapi', '-c', 'rules.tsv']));
    expect(web.command).toEqual(expect.arrayContaining(['zap-baseline.py', 'https://preview.example/', '-j', '-c', 'rules.tsv']));
    for (const scan of [api, web]) expect(scan.command).toEqual(expect.arrayContaining(['-r', `${scan.label}.html`, '-J', `${scan.label}.json`]));
  });

  it('passes on a clean report, keeps the HTML and JSON reports, and never bind-mounts (remote Docker)', () => {
    const clean = report([{ id: '10027', name: 'Suspicious Comments', risk: 0 }]);
    expect(zapScanCommand(args, dir, docker({ api: clean, web: clean }))).toBe(0);
    for (const f of ['api/api.json', 'api/api.html', 'web/web.json', 'web/web.html', 'verdict.json']) expect(existsSync(join(dir, 'reports/zap', f))).toBe(true);
    expect(calls.map((c) => c[1])).toEqual(['create', 'cp', 'start', 'cp', 'rm', 'create', 'cp', 'start', 'cp', 'rm']);
    expect(calls.flat().join(' ')).not.toMatch(/ -v | --volume/);
    expect(calls[0]).toContain(DIGEST);
    expect(out.join('\n')).toMatch(/gate passed/);
  });

  it('FAILS the pipeline on a finding the rules mark FAIL (exit 1), and names it', () => {
    const bad = report([{ id: '40018', name: 'SQL Injection', risk: 3 }]);
    expect(zapScanCommand(args, dir, docker({ api: bad, web: report([]) }))).toBe(1);
    expect(out.join('\n')).toMatch(/FAIL\s+api\s+40018\s+High\s+SQL Injection/);
    expect(JSON.parse(readFileSync(join(dir, 'reports/zap/verdict.json'), 'utf8')).exitCode).toBe(1);
  });

  it('fails (exit 2) when a scan could not run: a broken scan is never a pass', () => {
    expect(zapScanCommand(args, dir, docker({ web: report([]) }, 3))).toBe(2);
    expect(out.join('\n')).toMatch(/did not complete: api/);
  });

  it('refuses an image that is not pinned by digest, and a missing or malformed preview URL', () => {
    expect(() => assertDigestPinned('ghcr.io/zaproxy/zaproxy:stable')).toThrow(/pinned by digest/);
    expect(() => zapScanCommand(['--image', 'ghcr.io/zaproxy/zaproxy:stable'], dir, docker({}))).toThrow(/pinned by digest/);
    rmSync(join(dir, 'tmp/preview/url.txt'));
    expect(() => readPreviewUrl(join(dir, 'tmp/preview/url.txt'))).toThrow(/nothing to scan/);
    writeFileSync(join(dir, 'tmp/preview/url.txt'), 'https://x.example/$(reboot)');
    expect(() => readPreviewUrl(join(dir, 'tmp/preview/url.txt'))).toThrow(/does not hold a preview URL/);
    expect(calls).toEqual([]);
  });
});
