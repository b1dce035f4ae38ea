import { READ_PARAMETERS_FILE } from './read-parameters';
import { renderEnvFile, renderStepLogPreamble, shellAssign, shellQuote } from './shell';
import { assertUserDataSize } from './user-data';
import { VERIFY_MANIFEST_JS } from './verify-manifest-js';
import { renderRuntimeConfig } from '../web-release/runtime-config-file';
import { renderPreviewNginxSite } from './preview-script-nginx';
import { resolvePreviewScriptOptions, type PreviewScriptOptions } from './preview-script-options';

export type { PreviewScriptOptions } from './preview-script-options';

/** The API's port on a preview instance; nginx proxies /api to it. */
export const PREVIEW_API_PORT = 8000;

/**
 * Appends the settings under PARAMETER_PATH to the API's env file: the reader runs as the API's
 * user with nothing of this shell's environment, the SDK from the source's node_modules and
 * the instance profile's credentials (IMDSv2 only).
 */
function readParametersLines(): string[] {
  return [
    'step "Read the settings from Parameter Store $PARAMETER_PATH (instance profile, IMDSv2)"',
    'settings="$(mktemp "$ROOT/env/.settings.XXXXXX")" && chown "$API_USER:$API_USER" "$settings"',
    'reader_env=(PATH="$PATH" NODE_PATH="$APP/node_modules" PARAMETER_PATH="$PARAMETER_PATH" AWS_REGION="$PARAMETER_REGION" AWS_EC2_METADATA_SERVICE_ENDPOINT="$METADATA_URL" AWS_EC2_METADATA_V1_DISABLED=true)',
    '[ -z "$SSM_ENDPOINT_URL" ] || reader_env+=(AWS_ENDPOINT_URL_SSM="$SSM_ENDPOINT_URL")',
    '(cd "$APP" && as_api env -i "${reader_env[@]}" node "$APP/$READ_PARAMETERS" > "$settings") || fail "could not read the settings under $PARAMETER_PATH (see above)"',
    // Whole lines as written: a value may hold newlines, so no line-by-line filtering here.
    'cat "$settings" >> "$ROOT/env/api.env"; rm -f "$settings"',
  ];
}

/** `printf` each line into `file`: no heredoc, so no value can end the heredoc early. */
function writeLines(file: string, lines: string[]): string {
  return `printf '%s\\n' \\\n  ${lines.map(shellQuote).join(' \\\n  ')} > ${file}`;
}

/**
 * The step that gives the preview its TLS certificate: self-signed, for the instance's public
 * DNS name as the metadata service (IMDSv2) reports it, in both the CN and the SAN. Never the
 * host name of whatever built the AMI (seed defect #25), so a reviewer's browser, the health
 * probe and ZAP can pin and verify it. Needs METADATA_URL, ROOT, curl, openssl; sets PUBLIC_DNS.
 */
export function previewCertificateLines(): string[] {
  return [
    'step "Create a self-signed certificate for the public DNS name (IMDSv2)"',
    "imds_token=\"$(curl -fsS --retry 5 --retry-connrefused -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 300' \"$METADATA_URL/latest/api/token\")\"",
    'PUBLIC_DNS="$(curl -fsS --retry 5 --retry-connrefused -H "X-aws-ec2-metadata-token: $imds_token" "$METADATA_URL/latest/meta-data/public-hostname")"',
    '[[ "$PUBLIC_DNS" =~ ^[A-Za-z0-9.-]+$ ]] || fail "instance metadata gave no usable public DNS name: \'$PUBLIC_DNS\'"',
    'openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=$PUBLIC_DNS" -addext "subjectAltName=DNS:$PUBLIC_DNS" \\',
    '  -keyout "$ROOT/tls/preview.key" -out "$ROOT/tls/preview.crt"',
    'chmod 0644 "$ROOT/tls/preview.crt"',
  ];
}

/**
 * The user data of a preview instance: one self-contained host (nginx + PostgreSQL + API +
 * web) running the published release of exactly `commitSha` (the same bytes staging and
 * production run), fetched by presigned URLs: no token of any kind reaches the instance.
 * Strict mode throughout: any failing step stops the boot and names itself in the console output (the seed's script swallowed every error and
 * still posted a link, seed defect #20). Secrets generated on the host (database password,
 * session secret) never appear in the user data (seed defect #25); the configured ones
 * (the Okta API key) are read from Parameter Store with the instance profile. The API, its
 * migrations and PM2 run as an unprivileged system user.
 */
export function renderPreviewStartupScript(options: PreviewScriptOptions): string {
  const o = resolvePreviewScriptOptions(options);
  const staticEnv = renderEnvFile({
    NODE_ENV: 'production',
    PORT: String(PREVIEW_API_PORT),
    FILES_DIR: `${o.root}/files`,
    TRUST_PROXY: 'loopback',
    LOG_LEVEL: 'info',
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
    'APP="$ROOT/api"',
    shellAssign('COMMIT_SHA', o.commitSha),
    shellAssign('API_ZIP_URL', o.release.api.url),
    shellAssign('API_ZIP_SHA256', o.release.api.sha256),
    shellAssign('WEB_ZIP_URL', o.release.web.url),
    shellAssign('WEB_ZIP_SHA256', o.release.web.sha256),
    shellAssign('SEEDS_ZIP_URL', o.release.seeds.url),
    shellAssign('SEEDS_ZIP_SHA256', o.release.seeds.sha256),
    shellAssign('VERIFY_MANIFEST_JS', VERIFY_MANIFEST_JS),
    shellAssign('METADATA_URL', o.metadataUrl),
    shellAssign('NODE_VERSION', o.nodeVersion),
    shellAssign('NODE_DIST_URL', o.nodeDistUrl),
    shellAssign('NODE_PREFIX', o.nodePrefix),
    shellAssign('DB_NAME', o.database.name),
    shellAssign('DB_USER', o.database.user),
    shellAssign('SITE_NAME', o.nginxSiteName),
    shellAssign('PM2_APP', o.pm2AppName),
    shellAssign('PM2_SERVICE', o.pm2ServiceName),
    shellAssign('API_USER', o.apiUser),
    shellAssign('PARAMETER_PATH', o.parameters.path),
    shellAssign('PARAMETER_REGION', o.parameters.region),
    shellAssign('SSM_ENDPOINT_URL', o.ssmEndpointUrl),
    // The release carries the reader and the SDK it needs (api:artifact adds both).
    shellAssign('READ_PARAMETERS', READ_PARAMETERS_FILE),
    'export PM2_HOME="$ROOT/.pm2" HOME="${HOME:-/root}" DEBIAN_FRONTEND=noninteractive',
    'export PATH="$NODE_PREFIX/bin:/usr/local/bin:$PATH"',
    `fail() { log "[error] step \\"$CURRENT_STEP\\" failed: $*" >&2; exit 1; }`,
    'as_api() { runuser -u "$API_USER" -- "$@"; }',
    'mkdir -p "$ROOT/tls" "$ROOT/env" "$ROOT/files"',
    // nginx (www-data) and the API's user must traverse the root; umask 077 made it 0700.
    'chmod 0755 "$ROOT"',
    '',
    'step "Install nginx, PostgreSQL, openssl, curl, unzip (skipped when present)"',
    'need=()',
    'command -v nginx >/dev/null || need+=(nginx)',
    "compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null || need+=(postgresql)",
    'for tool in openssl curl unzip xz; do command -v "$tool" >/dev/null || need+=("${tool/xz/xz-utils}"); done',
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
    'step "API user $API_USER (unprivileged: the API, PM2 and its systemd unit run as it)"',
    'id -u "$API_USER" >/dev/null 2>&1 || useradd --system --user-group --home-dir "$ROOT" --no-create-home --shell "$(command -v nologin || echo /bin/false)" "$API_USER"',
    '[ "$(id -u "$API_USER")" != 0 ] || fail "$API_USER has uid 0: the API must not run as root"',
    'install -d -m 0700 -o "$API_USER" -g "$API_USER" "$PM2_HOME" "$ROOT/env"',
    'chown "$API_USER:$API_USER" "$ROOT/files"',
    '',
    ...previewCertificateLines(),
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
    'chown "$API_USER:$API_USER" "$ROOT/env/api.env" && chmod 0600 "$ROOT/env/api.env"',
    '',
    'step "Download release $COMMIT_SHA (presigned URLs) and check each archive\'s SHA-256"',
    'fetch_release() {',
    '  curl -fsSL --retry 3 --retry-connrefused -o "$2.partial" "$1" || fail "could not download $2 of release $COMMIT_SHA (an expired presigned URL answers 403)"',
    '  echo "$3  $2.partial" | sha256sum --check --quiet - || fail "$2 of release $COMMIT_SHA does not have the SHA-256 of its manifest"',
    '  mv -f "$2.partial" "$2"',
    '}',
    'fetch_release "$API_ZIP_URL" "$ROOT/api.zip" "$API_ZIP_SHA256"',
    'fetch_release "$WEB_ZIP_URL" "$ROOT/web.zip" "$WEB_ZIP_SHA256"',
    'fetch_release "$SEEDS_ZIP_URL" "$ROOT/seeds.zip" "$SEEDS_ZIP_SHA256"',
    '',
    'step "Unpack the API (every file checked against its manifest), its demo-data seeds, and the web build"',
    'rm -rf "$APP" && mkdir -p "$APP" && unzip -q "$ROOT/api.zip" -d "$APP"',
    'node -e "$VERIFY_MANIFEST_JS" "$APP" || fail "the API of release $COMMIT_SHA does not match its manifest.json"',
    'unzip -q -o "$ROOT/seeds.zip" -d "$APP"',
    'rm -rf "$ROOT/web" && mkdir -p "$ROOT/web" && unzip -q "$ROOT/web.zip" -d "$ROOT/web"',
    // The environment-neutral build reads its settings from here (apps/web runtime config).
    writeLines('"$ROOT/web/config.json"', [renderRuntimeConfig({ apiUrl: '/api', okta: o.webOkta ?? null }).trimEnd()]),
    'chmod -R a+rX "$ROOT/web"',
    '',
    // The release's API is this preview's: its user owns it.
    'chown -R "$API_USER:$API_USER" "$APP"',
    ...readParametersLines(),
    '',
    'step "Run database migrations and the development seeds (as $API_USER)"',
    '(set -a; . "$ROOT/env/api.env"; set +a; cd "$APP" && as_api node migrate.js && as_api node seed.js base && as_api node seed.js development)',
    '',
    'step "Start the API with PM2 on port ' + PREVIEW_API_PORT + ' (as $API_USER)"',
    // PM2 ships in the artifact (its .bin links do not): call it by its real path.
    'pm2_js="$APP/node_modules/pm2/bin/pm2"',
    'pm2() { as_api node "$pm2_js" "$@"; }',
    'pm2 delete "$PM2_APP" >/dev/null 2>&1 || true',
    '(set -a; . "$ROOT/env/api.env"; set +a; pm2 start "$APP/main.js" --name "$PM2_APP" --cwd "$APP" --time)',
    `if ! curl -fsS --retry 30 --retry-delay 2 --retry-all-errors --max-time 5 http://127.0.0.1:${PREVIEW_API_PORT}/api/health; then`,
    '  pm2 logs "$PM2_APP" --nostream --lines 80 || true',
    '  fail "the API did not answer /api/health within a minute"',
    'fi',
    'pm2 save --force',
    '',
    'step "Register PM2 to start the API on boot"',
    // An instance restarted by AWS maintenance must come back serving, as production does.
    'if [ -d /run/systemd/system ] && command -v systemctl >/dev/null; then',
    // Writing the unit needs root; the unit itself runs PM2 as $API_USER.
    '  node "$pm2_js" startup systemd -u "$API_USER" --service-name "$PM2_SERVICE"',
    '  chown -R "$API_USER:$API_USER" "$PM2_HOME"',
    'else',
    '  log "systemd is not running here: skipping start-on-boot registration"',
    'fi',
    '',
    'step "Serve the web app with nginx: HTTPS, SPA fallback, /api proxy, HTTP redirect"',
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
