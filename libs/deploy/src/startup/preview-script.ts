import { assertUserDataSize, renderEnvFile, renderStepLogPreamble, shellAssign, shellQuote } from './shell';
import { renderPreviewNginxSite } from './preview-script-nginx';
import { resolvePreviewScriptOptions, type PreviewScriptOptions } from './preview-script-options';

export type { PreviewScriptOptions } from './preview-script-options';

/** The API's port on a preview instance; nginx proxies /api to it. */
export const PREVIEW_API_PORT = 8000;

/** `printf` each line into `file`: no heredoc, so no value can end the heredoc early. */
function writeLines(file: string, lines: string[]): string {
  return `printf '%s\\n' \\\n  ${lines.map(shellQuote).join(' \\\n  ')} > ${file}`;
}

/**
 * The user data of a preview instance: one self-contained host (nginx + PostgreSQL + API +
 * web) built from exactly `commitSha`. Strict mode throughout: any failing step stops the
 * boot and names itself in the console output (the seed's script swallowed every error and
 * still posted a link, seed defect #20). Secrets generated on the host (database password,
 * session secret) never appear in the user data (seed defect #25).
 */
export function renderPreviewStartupScript(options: PreviewScriptOptions): string {
  const o = resolvePreviewScriptOptions(options);
  const staticEnv = renderEnvFile({
    NODE_ENV: 'production',
    PORT: String(PREVIEW_API_PORT),
    PBKDF2_ITERATIONS: String(o.pbkdf2Iterations),
    FILES_DIR: `${o.root}/files`,
    TRUST_PROXY: 'loopback',
    LOG_LEVEL: 'info',
    OKTA_DOMAIN: o.okta?.domain,
    OKTA_SERVER_ID: o.okta?.serverId,
    OKTA_CLIENT_ID: o.okta?.clientId,
    OKTA_API_KEY: o.okta?.apiKey,
    OKTA_AUDIENCE: o.okta?.audience,
  }).trimEnd().split('\n');
  const nginxSite = renderPreviewNginxSite({
    webRoot: `${o.root}/web`,
    certificate: `${o.root}/tls/preview.crt`,
    certificateKey: `${o.root}/tls/preview.key`,
    apiPort: PREVIEW_API_PORT,
  });

  const script = [
    // Single-quoted literals holding `$` (nginx variables, quoted secrets) are intended, and
    // the env file is written at boot, so shellcheck cannot follow it.
    renderStepLogPreamble({ logFile: `${o.root}/log/boot.log` }).replace(
      /^(#!.*\n)/,
      '$1# shellcheck disable=SC2016,SC1003,SC1091\n',
    ),
    shellAssign('ROOT', o.root),
    'SRC="$ROOT/src"',
    shellAssign('COMMIT_SHA', o.commitSha),
    shellAssign('SOURCE_URL', o.source.tarballUrl),
    shellAssign('GITHUB_TOKEN', o.source.token ?? ''),
    shellAssign('METADATA_URL', o.metadataUrl),
    shellAssign('NODE_VERSION', o.nodeVersion),
    shellAssign('NODE_DIST_URL', o.nodeDistUrl),
    shellAssign('NODE_PREFIX', o.nodePrefix),
    shellAssign('DB_NAME', o.database.name),
    shellAssign('DB_USER', o.database.user),
    shellAssign('SITE_NAME', o.nginxSiteName),
    shellAssign('PM2_APP', o.pm2AppName),
    shellAssign('PM2_SERVICE', o.pm2ServiceName),
    'export PM2_HOME="$ROOT/.pm2" HOME="${HOME:-/root}" DEBIAN_FRONTEND=noninteractive NX_DAEMON=false NX_NO_CLOUD=true',
    'export PATH="$NODE_PREFIX/bin:/usr/local/bin:$PATH"',
    `fail() { log "[error] step \\"$CURRENT_STEP\\" failed: $*" >&2; exit 1; }`,
    'mkdir -p "$ROOT/tls" "$ROOT/env" "$ROOT/files"',
    // nginx (www-data) must traverse the root to reach the web build; umask 077 made it 0700.
    'chmod 0755 "$ROOT"',
    '',
    'step "Install nginx, PostgreSQL, openssl, curl, git (skipped when present)"',
    'need=()',
    'command -v nginx >/dev/null || need+=(nginx)',
    "compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null || need+=(postgresql)",
    'for tool in openssl curl git xz; do command -v "$tool" >/dev/null || need+=("${tool/xz/xz-utils}"); done',
    'if ((${#need[@]})); then',
    '  (umask 022; apt-get -o DPkg::Lock::Timeout=300 update -q && apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends ca-certificates "${need[@]}")',
    'fi',
    '',
    'step "Install Node.js $NODE_VERSION (skipped when Node.js ${NODE_VERSION%%.*} is present)"',
    'if ! command -v node >/dev/null || [ "$(node -p \'process.versions.node.split(".")[0]\')" != "${NODE_VERSION%%.*}" ]; then',
    '  case "$(uname -m)" in x86_64) arch=x64 ;; aarch64) arch=arm64 ;; *) fail "unsupported CPU $(uname -m)" ;; esac',
    '  tarball="node-v$NODE_VERSION-linux-$arch.tar.xz"',
    '  curl -fsSL --retry 3 -o "$ROOT/$tarball" "$NODE_DIST_URL/v$NODE_VERSION/$tarball"',
    '  curl -fsSL --retry 3 -o "$ROOT/SHASUMS256.txt" "$NODE_DIST_URL/v$NODE_VERSION/SHASUMS256.txt"',
    '  (cd "$ROOT" && grep " $tarball\\$" SHASUMS256.txt | sha256sum -c -)',
    '  (umask 022; mkdir -p "$NODE_PREFIX" && tar -xJf "$ROOT/$tarball" -C "$NODE_PREFIX" --strip-components=1 --no-same-owner)',
    '  hash -r',
    'fi',
    'log "node $(node --version), npm $(npm --version)"',
    '',
    'step "Create a self-signed certificate for the public DNS name (IMDSv2)"',
    "imds_token=\"$(curl -fsS --retry 5 --retry-connrefused -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 300' \"$METADATA_URL/latest/api/token\")\"",
    'PUBLIC_DNS="$(curl -fsS --retry 5 --retry-connrefused -H "X-aws-ec2-metadata-token: $imds_token" "$METADATA_URL/latest/meta-data/public-hostname")"',
    '[[ "$PUBLIC_DNS" =~ ^[A-Za-z0-9.-]+$ ]] || fail "instance metadata gave no usable public DNS name: \'$PUBLIC_DNS\'"',
    'openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=$PUBLIC_DNS" -addext "subjectAltName=DNS:$PUBLIC_DNS" \\',
    '  -keyout "$ROOT/tls/preview.key" -out "$ROOT/tls/preview.crt"',
    'chmod 0644 "$ROOT/tls/preview.crt"',
    '',
    'step "Configure PostgreSQL: local connections, a generated password, database $DB_NAME"',
    'if ! pg_lsclusters --no-header | grep -q .; then pg_createcluster "$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -printf \'%f\\n\' | sort -V | tail -n1)" main; fi',
    'read -r pg_version pg_cluster pg_port _ < <(pg_lsclusters --no-header | head -n1)',
    'pg_ctlcluster "$pg_version" "$pg_cluster" status >/dev/null || pg_ctlcluster "$pg_version" "$pg_cluster" start',
    'DB_PASSWORD="$(openssl rand -hex 24)"',
    // The password is hex, so the unquoted heredoc is safe; psql -v would put it in the process list.
    'cd / && runuser -u postgres -- psql -q -p "$pg_port" -v ON_ERROR_STOP=1 -v db_user="$DB_USER" -v db_name="$DB_NAME" <<SQL',
    "\\set db_password '$DB_PASSWORD'",
    "SELECT format('CREATE ROLE %I LOGIN', :'db_user') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'db_user') \\gexec",
    "SELECT format('ALTER ROLE %I WITH LOGIN PASSWORD %L', :'db_user', :'db_password') \\gexec",
    "SELECT format('CREATE DATABASE %I OWNER %I', :'db_name', :'db_user') WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db_name') \\gexec",
    'SQL',
    'hba="$(runuser -u postgres -- psql -p "$pg_port" -Atc \'SHOW hba_file\')"',
    'hba_line="host $DB_NAME $DB_USER 127.0.0.1/32 scram-sha-256"',
    // Rewrite in place (not sed -i) so the file keeps its owner, postgres.
    'if ! grep -qxF "$hba_line" "$hba"; then',
    '  hba_rest="$(cat "$hba")"; printf \'%s\\n%s\\n\' "$hba_line" "$hba_rest" > "$hba"',
    '  pg_ctlcluster "$pg_version" "$pg_cluster" reload',
    'fi',
    'DATABASE_URL="postgres://$DB_USER:$DB_PASSWORD@127.0.0.1:$pg_port/$DB_NAME"',
    'PGPASSWORD="$DB_PASSWORD" psql -q -h 127.0.0.1 -p "$pg_port" -U "$DB_USER" -d "$DB_NAME" -c "SELECT 1" >/dev/null',
    writeLines('"$ROOT/env/api.env"', staticEnv),
    'printf "export %s=\'%s\'\\n" DATABASE_URL "$DATABASE_URL" SESSION_SECRET "$(openssl rand -hex 32)" >> "$ROOT/env/api.env"',
    '',
    'step "Fetch the source of commit $COMMIT_SHA"',
    // The token reaches curl through a config file written by the printf builtin, so it is
    // never in any process\'s arguments; the file is removed straight after the download.
    ': > "$ROOT/.curl-auth"',
    'if [ -n "$GITHUB_TOKEN" ]; then printf \'header = "Authorization: token %s"\\n\' "$GITHUB_TOKEN" > "$ROOT/.curl-auth"; fi',
    'curl -fsSL --retry 3 -K "$ROOT/.curl-auth" -o "$ROOT/source.tar.gz" "$SOURCE_URL"',
    'rm -f "$ROOT/.curl-auth"; unset GITHUB_TOKEN',
    'tar_commit="$(git get-tar-commit-id < <(gzip -dc "$ROOT/source.tar.gz"))" || true',
    '[ "$tar_commit" = "$COMMIT_SHA" ] || fail "the tarball holds commit \'$tar_commit\', expected $COMMIT_SHA"',
    'rm -rf "$SRC" && mkdir -p "$SRC"',
    'tar -xzf "$ROOT/source.tar.gz" -C "$SRC" --strip-components=1 --no-same-owner',
    'cd "$SRC"',
    '',
    'step "Install dependencies (npm ci)"',
    'npm ci --no-audit --no-fund',
    '',
    'step "Build the API and the web app (WEB_API_URL=/api)"',
    'NODE_ENV=production npx nx build api --skip-nx-cache',
    'NODE_ENV=production WEB_API_URL=/api npx nx build web --skip-nx-cache',
    '',
    'step "Run database migrations and the development seeds"',
    '(set -a; . "$ROOT/env/api.env"; set +a; node dist/apps/api/migrate.js && node dist/apps/api/seed.js base && node dist/apps/api/seed.js development)',
    '',
    'step "Start the API with PM2 on port ' + PREVIEW_API_PORT + '"',
    'pm2="$SRC/node_modules/.bin/pm2"',
    '"$pm2" delete "$PM2_APP" >/dev/null 2>&1 || true',
    '(set -a; . "$ROOT/env/api.env"; set +a; "$pm2" start "$SRC/dist/apps/api/main.js" --name "$PM2_APP" --cwd "$SRC" --time)',
    `if ! curl -fsS --retry 30 --retry-delay 2 --retry-all-errors --max-time 5 http://127.0.0.1:${PREVIEW_API_PORT}/api/health; then`,
    '  "$pm2" logs "$PM2_APP" --nostream --lines 80 || true',
    '  fail "the API did not answer /api/health within a minute"',
    'fi',
    '"$pm2" save --force',
    '',
    'step "Register PM2 to start the API on boot"',
    // An instance restarted by AWS maintenance must come back serving, as production does.
    'if [ -d /run/systemd/system ] && command -v systemctl >/dev/null; then',
    '  "$pm2" startup systemd -u root --service-name "$PM2_SERVICE"',
    'else',
    '  log "systemd is not running here: skipping start-on-boot registration"',
    'fi',
    '',
    'step "Serve the web app with nginx: HTTPS, SPA fallback, /api proxy, HTTP redirect"',
    'rm -rf "$ROOT/web" && cp -r "$SRC/dist/apps/web" "$ROOT/web" && chmod -R a+rX "$ROOT/web"',
    writeLines('"/etc/nginx/sites-available/$SITE_NAME"', nginxSite),
    'ln -sfn "/etc/nginx/sites-available/$SITE_NAME" "/etc/nginx/sites-enabled/$SITE_NAME"',
    'rm -f /etc/nginx/sites-enabled/default',
    'nginx -t',
    'if [ -d /run/systemd/system ]; then systemctl enable nginx && systemctl reload-or-restart nginx',
    'else nginx -s reload 2>/dev/null || nginx; fi',
    'curl -fsS --retry 10 --retry-delay 1 --retry-all-errors --max-time 5 --cacert "$ROOT/tls/preview.crt" \\',
    '  --resolve "$PUBLIC_DNS:443:127.0.0.1" "https://$PUBLIC_DNS/api/health"',
    'log "[done] preview of $COMMIT_SHA is up at https://$PUBLIC_DNS/"',
    '',
  ].join('\n');
  assertUserDataSize(script, 'preview startup script');
  return script;
}
