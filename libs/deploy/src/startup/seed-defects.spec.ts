import { spawn, spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMetadataStandIn, type MetadataStandIn } from '../../testing/boot-stand-ins';
import { packageUpgradeCommands } from '../../testing/package-upgrades';
import { previewCertificateLines, renderPreviewStartupScript } from './preview-script';
import { renderProductionStartupScript } from './production-script';
import { testDeployConfig } from './production-script.fixtures';
import { shellQuote } from './shell';
import { sampleReleaseDownloads } from '../../testing/release-fixture';

/**
 * Named guards for seed defects that no other spec would notice coming back (see
 * shared/notes/seed-defects.md): #19 a package upgrade in a startup script, #25 a preview
 * certificate issued for the wrong name. (#15, a key pair on RunInstances, is guarded in
 * aws/ec2-compute.spec.ts, where the request is built.)
 */
// These run bash, curl and openssl: seconds on a busy 2-core machine, not milliseconds.
jest.setTimeout(90_000);

const SHA = '0123456789abcdef0123456789abcdef01234567';
const preview = () => renderPreviewStartupScript({ commitSha: SHA, release: sampleReleaseDownloads(SHA), parameters: { path: '/eapd/preview', region: 'us-east-1' } });
const production = () => renderProductionStartupScript({ config: testDeployConfig(), artifact: { url: 'https://x.example/api.zip', sha256: 'a'.repeat(64), gitSha: 'abc' }, nodeVersion: '24.22.1' });

describe('seed defect 19: no startup script upgrades packages', () => {
  it.each([
    ['the seed\'s own line', 'yum upgrade -y; yum update -y', 2],
    ['apt with options first', 'sudo apt-get -o DPkg::Lock::Timeout=300 -y dist-upgrade', 1],
    ['inside a subshell', '(umask 022; DEBIAN_FRONTEND=noninteractive apt-get full-upgrade -y)', 1],
    ['dnf', 'dnf -y upgrade && echo done', 1],
    ['unattended upgrades', 'if true; then unattended-upgrade -d; fi', 1],
    ['only-upgrade install', 'apt-get install --only-upgrade -y openssl', 1],
  ])('the detector finds %s', (_what, line, count) => {
    expect(packageUpgradeCommands(`#!/bin/bash\n${line}\n`)).toHaveLength(count);
  });

  it.each([
    'apt-get -o DPkg::Lock::Timeout=300 update -q && apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends nginx',
    'dnf install -y unzip || yum install -y unzip',
    'log "yum update is never run here"',
  ])('and leaves index refreshes and named installs alone: %s', (line) => {
    expect(packageUpgradeCommands(line)).toEqual([]);
  });

  it('the preview startup script upgrades nothing', () => {
    expect(packageUpgradeCommands(preview())).toEqual([]);
  });

  it('the production startup script upgrades nothing', () => {
    expect(packageUpgradeCommands(production())).toEqual([]);
  });
});

describe('seed defect 25: the preview certificate names the instance\'s public DNS name', () => {
  const PUBLIC_DNS = 'ec2-203-0-113-7.compute-1.amazonaws.com';
  let metadata: MetadataStandIn;
  let dir: string;

  beforeAll(async () => {
    metadata = await startMetadataStandIn(PUBLIC_DNS);
    dir = mkdtempSync(join(tmpdir(), 'preview-cert-'));
  });
  afterAll(async () => {
    await metadata.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the shipped script runs exactly the tested certificate step', () => {
    expect(preview()).toContain(previewCertificateLines().join('\n'));
  });

  it('issues the certificate for the name IMDSv2 reports (CN and SAN), not this host\'s name', async () => {
    const script = [
      'set -euo pipefail',
      'step() { :; }',
      'fail() { echo "$*" >&2; exit 1; }',
      `ROOT=${shellQuote(dir)}`,
      `METADATA_URL=${shellQuote(metadata.url)}`,
      'mkdir -p "$ROOT/tls"',
      ...previewCertificateLines(),
    ].join('\n');
    writeFileSync(join(dir, 'cert.sh'), script);
    // Asynchronous: the metadata stand-in answers from this process.
    const run = await new Promise<{ status: number | null; stderr: string }>((done) => {
      const child = spawn('bash', [join(dir, 'cert.sh')], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 60_000 });
      let stderr = '';
      child.stderr.on('data', (c) => (stderr += c));
      child.on('close', (status) => done({ status, stderr }));
    });
    expect(run.stderr.replace(/^[.+*\n-]*$/gm, '').trim()).toBe('');
    expect(run.status).toBe(0);
    const cert = spawnSync('openssl', ['x509', '-in', join(dir, 'tls/preview.crt'), '-noout', '-subject', '-ext', 'subjectAltName'], { encoding: 'utf8' }).stdout;
    expect(cert).toMatch(new RegExp(`subject=CN ?= ?${PUBLIC_DNS.replace(/\./g, '\\.')}\\n`));
    expect(cert).toContain(`DNS:${PUBLIC_DNS}`);
    expect(cert).not.toContain(`DNS:${hostname()}`);
    // It asked with a session token, never with a plain (IMDSv1) GET.
    expect(metadata.requests.filter((r) => r.method === 'GET').every((r) => r.token)).toBe(true);
  });
});
