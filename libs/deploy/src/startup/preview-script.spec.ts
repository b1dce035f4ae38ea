import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderPreviewStartupScript, type PreviewScriptOptions } from './preview-script';
import { renderPreviewNginxSite } from './preview-script-nginx';

const SHA = '0123456789abcdef0123456789abcdef01234567';

function options(overrides: Partial<PreviewScriptOptions> = {}): PreviewScriptOptions {
  return {
    commitSha: SHA,
    release: {
      api: { url: `https://releases.s3.amazonaws.com/releases/${SHA}/api-${SHA}.zip?X-Amz-Signature=ab&x=$(reboot)'"\`x`, sha256: 'a'.repeat(64) },
      web: { url: `https://releases.s3.amazonaws.com/releases/${SHA}/web-${SHA}.zip?X-Amz-Signature=cd`, sha256: 'b'.repeat(64) },
      seeds: { url: `https://releases.s3.amazonaws.com/releases/${SHA}/seeds-${SHA}.zip?X-Amz-Signature=ef`, sha256: 'c'.repeat(64) },
    },
    parameters: { path: '/eapd/preview', region: 'us-east-1' },
    webOkta: { issuer: 'https://acme.okta.com/oauth2/aus1', clientId: 'client-1' },
    ...overrides,
  };
}

describe('renderPreviewStartupScript', () => {
  it('passes shellcheck', () => {
    const dir = mkdtempSync(join(tmpdir(), 'preview-script-'));
    try {
      const file = join(dir, 'user-data.sh');
      writeFileSync(file, renderPreviewStartupScript(options()));
      const result = spawnSync('shellcheck', ['--shell=bash', '--severity=style', file], { encoding: 'utf8' });
      expect(result.error).toBeUndefined();
      expect(result.stdout + result.stderr).toBe('');
      expect(result.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // Its size as user data, with real-sized presigned URLs, is user-data-size.spec.ts's.
  it('is valid bash, hostile URL and all', () => {
    const script = renderPreviewStartupScript(options());
    expect(() => execFileSync('bash', ['-n'], { input: script })).not.toThrow();
  });

  it('quotes every configured value, so none can run as a command', () => {
    const script = renderPreviewStartupScript(options());
    expect(script).toContain(`API_ZIP_URL='https://releases.s3.amazonaws.com/releases/${SHA}/api-${SHA}.zip?X-Amz-Signature=ab&x=$(reboot)'\\''"\`x'`);
    // Values are written with printf, never through a heredoc a value could end early.
    expect(script).not.toMatch(/<<'?EOF/);
  });

  it('carries the parameter path and region, not the settings: the Okta API key and PBKDF2 come from Parameter Store', () => {
    const script = renderPreviewStartupScript(options());
    expect(script).toContain("PARAMETER_PATH='/eapd/preview'");
    expect(script).toContain("PARAMETER_REGION='us-east-1'");
    expect(script).not.toMatch(/OKTA_|PBKDF2_ITERATIONS/);
    // The reader ships in the release (api:artifact adds it and its SDK).
    expect(script).toContain("READ_PARAMETERS='read-parameters.js'");
    expect(script.indexOf('node -e "$VERIFY_MANIFEST_JS" "$APP"')).toBeLessThan(script.indexOf('node "$APP/$READ_PARAMETERS"'));
    expect(script.indexOf('node "$APP/$READ_PARAMETERS"')).toBeLessThan(script.indexOf('as_api node migrate.js'));
  });

  it('runs the migrations, the seeds, the API and PM2 as the unprivileged user', () => {
    const script = renderPreviewStartupScript(options({ apiUser: 'eapd-preview' }));
    expect(script).toContain("API_USER='eapd-preview'");
    expect(script).toContain('useradd --system');
    expect(script).toContain('pm2() { as_api node "$pm2_js" "$@"; }');
    expect(script).toMatch(/as_api node migrate\.js && as_api node seed\.js base && as_api node seed\.js development/);
    expect(script).not.toMatch(/-u root/);
    expect(script).toContain('chown "$API_USER:$API_USER" "$ROOT/env/api.env" && chmod 0600 "$ROOT/env/api.env"');
  });

  it('sends the security headers on everything nginx serves itself, index.html included', () => {
    const site = renderPreviewNginxSite({ webRoot: '/app/web', certificate: '/app/tls/c', certificateKey: '/app/tls/k', apiPort: 8000 });
    const location = (start: string) => site.slice(site.indexOf(start), site.indexOf('  }', site.indexOf(start)));
    for (const block of [location('  location = /index.html {'), location('  location / {')]) {
      expect(block).toEqual(expect.arrayContaining([
        '    add_header Strict-Transport-Security "max-age=31536000" always;',
        '    add_header X-Content-Type-Options "nosniff" always;',
        '    add_header Content-Security-Policy "frame-ancestors \'none\'" always;',
        '    add_header Referrer-Policy "strict-origin-when-cross-origin" always;',
      ]));
    }
  });

  it('deploys the published release of exactly the commit: each archive\'s SHA-256 and every API file checked, nothing built on the host', () => {
    const script = renderPreviewStartupScript(options());
    expect(script).toContain(`COMMIT_SHA='${SHA}'`);
    for (const [part, sha] of [['API', 'a'], ['WEB', 'b'], ['SEEDS', 'c']]) expect(script).toContain(`${part}_ZIP_SHA256='${sha.repeat(64)}'`);
    expect(script).toContain('echo "$3  $2.partial" | sha256sum --check --quiet - || fail');
    expect(script).toContain('node -e "$VERIFY_MANIFEST_JS" "$APP" || fail');
    expect(script).not.toMatch(/npm ci|nx build|git get-tar-commit-id|repos\/.*\/tarball/);
  });

  it('generates the database password and session secret on the host, never in the user data', () => {
    const script = renderPreviewStartupScript(options());
    expect(script).toMatch(/DB_PASSWORD="\$\(openssl rand -hex 24\)"/);
    expect(script).toMatch(/SESSION_SECRET "\$\(openssl rand -hex 32\)"/);
    expect(script).not.toMatch(/PASSWORD='/);
  });

  it('carries no token of any kind: the GitHub token never reaches a preview', () => {
    const script = renderPreviewStartupScript(options());
    expect(script).not.toMatch(/GITHUB|ghp_|Authorization|Circle-Token|-K /i);
  });

  it('serves HTTPS with the SPA fallback, proxies /api to port 8000 and redirects HTTP', () => {
    const script = renderPreviewStartupScript(options({ root: '/srv/preview' }));
    expect(script).toContain("'  root /srv/preview/web;'");
    expect(script).toContain("'    try_files $uri $uri/ /index.html;'");
    expect(script).toContain("'    proxy_pass http://127.0.0.1:8000;'");
    expect(script).toContain("'  return 301 https://$host$request_uri;'");
    expect(script).toContain('export PM2_HOME="$ROOT/.pm2"');
    expect(script).toContain("ROOT='/srv/preview'");
  });

  it('writes the web app\'s /config.json (API at /api, Okta issuer and client id only) and runs the development seeds', () => {
    const script = renderPreviewStartupScript(options());
    const line = script.split('\n').find((l) => l.includes('"apiUrl"')) ?? '';
    expect(line).toContain('{"apiUrl":"/api","okta":{"issuer":"https://acme.okta.com/oauth2/aus1","clientId":"client-1"}}');
    expect(line).not.toContain('quotes');
    // As the unprivileged API user (w13), from the release's demo-data seeds (w14).
    expect(script).toContain('as_api node seed.js base && as_api node seed.js development');
  });

  it('registers PM2 to start on boot (after saving the process list) only where systemd runs', () => {
    const script = renderPreviewStartupScript(options({ pm2ServiceName: 'pm2-preview-42' }));
    expect(script).toContain("PM2_SERVICE='pm2-preview-42'");
    const save = script.indexOf('pm2 save --force');
    const startup = script.indexOf('node "$pm2_js" startup systemd -u "$API_USER" --service-name "$PM2_SERVICE"');
    expect(save).toBeGreaterThan(0);
    expect(startup).toBeGreaterThan(save);
    const guard = script.lastIndexOf('if [ -d /run/systemd/system ] && command -v systemctl >/dev/null; then', startup);
    expect(guard).toBeGreaterThan(save);
    // No --hp: PM2 then writes the unit with our PM2_HOME ($ROOT/.pm2), not $HOME/.pm2.
    expect(script).not.toMatch(/pm2" startup[^\n]*--hp/);
  });

  it.each([
    [{ commitSha: 'main' }, /commitSha must be 40 lowercase hex digits/],
    [{ commitSha: `${SHA.slice(0, 39)}$` }, /commitSha/],
    [{ root: '/app; rm -rf /' }, /root must be an absolute path/],
    [{ database: { name: 'x"; DROP', user: 'u' } }, /SQL identifiers/],
    [{ nodeVersion: '20' }, /nodeVersion/],
    [{ pm2ServiceName: 'pm2 x; reboot' }, /pm2ServiceName/],
    [{ release: { api: { url: 'ftp://x', sha256: 'a'.repeat(64) }, web: { url: 'https://x', sha256: 'nope' }, seeds: { url: 'https://x', sha256: 'c'.repeat(64) } } }, /release\.api\.url[\s\S]*release\.web\.sha256/],
    [{ apiUser: 'root; reboot' }, /apiUser must be a lowercase system user name/],
    [{ parameters: { path: 'eapd/$(reboot)', region: 'us-east-1' } }, /parameters.path must be an absolute Parameter Store path/],
  ])('refuses unsafe option %p', (bad, message) => {
    expect(() => renderPreviewStartupScript(options(bad as Partial<PreviewScriptOptions>))).toThrow(message);
  });
});
