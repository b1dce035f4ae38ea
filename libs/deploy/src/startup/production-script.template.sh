# ---- Production API start-up (body). The renderer prepends the step-log preamble and the
# ---- inputs: ROOT GIT_SHA ARTIFACT_URL ARTIFACT_SHA256 CIRCLE_TOKEN NODE_VERSION NODE_MAJOR
# ---- NODE_DIST_URL NODE_PREFIX API_PORT
# ---- API_ENV PM2_SERVICE_NAME PM2_FALLBACK_VERSION HEALTH_TIMEOUT_SECONDS. Values are never
# ---- substituted into this text: they arrive as quoted shell assignments.
umask 077
export PM2_HOME="$ROOT/pm2"
API_DIR="$ROOT/api"
RELEASES_DIR="$API_DIR/releases"
RELEASE_DIR="$RELEASES_DIR/$GIT_SHA"
ENV_FILE="$API_DIR/api.env"
DOWNLOADS_DIR="$API_DIR/downloads"
CURL_RETRY=(--fail --silent --show-error --location --retry 5 --retry-delay 2 --retry-connrefused --connect-timeout 10)
mkdir -p "$RELEASES_DIR" "$DOWNLOADS_DIR" "$PM2_HOME"

fail() { log "[error] step \"$CURRENT_STEP\": $*" >&2; exit 1; }
node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || true; }

install_node() {
  local arch base tmp tarball
  case "$(uname -m)" in
    x86_64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) fail "no Node.js build for machine type $(uname -m)" ;;
  esac
  # Exactly the version CI tested (.nvmrc), never "the latest of the major".
  base="$NODE_DIST_URL/v$NODE_VERSION"
  tarball="node-v$NODE_VERSION-linux-$arch.tar.gz"
  tmp="$(mktemp -d)"
  curl "${CURL_RETRY[@]}" --max-time 120 --output "$tmp/SHASUMS256.txt" "$base/SHASUMS256.txt"
  grep -q " $tarball\$" "$tmp/SHASUMS256.txt" || fail "$tarball is not listed in $base/SHASUMS256.txt"
  curl "${CURL_RETRY[@]}" --max-time 600 --output "$tmp/$tarball" "$base/$tarball"
  (cd "$tmp" && grep " $tarball\$" SHASUMS256.txt | sha256sum --check --status) || fail "checksum mismatch for $tarball"
  mkdir -p "$NODE_PREFIX"
  tar -xzf "$tmp/$tarball" -C "$NODE_PREFIX" --strip-components=1 --no-same-owner
  rm -rf "$tmp"
  hash -r
}

step "Node.js $NODE_VERSION"
export PATH="$NODE_PREFIX/bin:$PATH"
if [ "$(node_major)" = "$NODE_MAJOR" ]; then
  log "found node $(node --version) at $(command -v node)"
else
  log "node $NODE_MAJOR not found (have: $(node_major)); installing $NODE_VERSION from $NODE_DIST_URL into $NODE_PREFIX"
  install_node
  [ "$(node_major)" = "$NODE_MAJOR" ] || fail "node $NODE_MAJOR still not on PATH after installing"
fi

step "Download artifact $GIT_SHA"
zip="$DOWNLOADS_DIR/api-$GIT_SHA.zip"
curl_args=("${CURL_RETRY[@]}" --max-time 900 --output "$zip.partial")
if [ -n "$CIRCLE_TOKEN" ]; then
  # A header file keeps the token out of the process list.
  header_file="$DOWNLOADS_DIR/.circle-token-header"
  printf 'Circle-Token: %s\n' "$CIRCLE_TOKEN" >"$header_file"
  curl_args+=(--header "@$header_file")
fi
download_status=0
curl "${curl_args[@]}" "$ARTIFACT_URL" || download_status=$?
# Removed on failure too: the token must not stay on disk.
rm -f "${header_file:-}"
if [ "$download_status" -ne 0 ]; then
  rm -f "$zip.partial"
  fail "could not download the artifact (curl exit $download_status) from $ARTIFACT_URL. Nothing was installed; the running API (if any) is untouched."
fi

step "Verify SHA-256"
actual_sha256="$(sha256sum "$zip.partial" | cut -d ' ' -f 1)"
if [ "$actual_sha256" != "$ARTIFACT_SHA256" ]; then
  rm -f "$zip.partial"
  fail "artifact SHA-256 mismatch: expected $ARTIFACT_SHA256, got $actual_sha256. Refusing to deploy it; the running API (if any) is untouched."
fi
mv -f "$zip.partial" "$zip"
log "sha256 $actual_sha256 OK"

step "Unpack release $GIT_SHA"
command -v unzip >/dev/null || { apt-get install -y unzip || dnf install -y unzip || yum install -y unzip; }
staging="$RELEASES_DIR/.$GIT_SHA.partial"
rm -rf "$staging"
unzip -q "$zip" -d "$staging"
if [ -e "$RELEASE_DIR" ]; then
  # Re-running for the same release: swap folders so a running process keeps its open files.
  mv "$RELEASE_DIR" "$RELEASES_DIR/.$GIT_SHA.old"
fi
mv "$staging" "$RELEASE_DIR"
rm -rf "$RELEASES_DIR/.$GIT_SHA.old"

step "Write environment file"
env_tmp="$(mktemp "$API_DIR/.api.env.XXXXXX")"
printf '%s' "$API_ENV" >"$env_tmp"
chown root:root "$env_tmp" 2>/dev/null || true
chmod 0600 "$env_tmp"
mv -f "$env_tmp" "$ENV_FILE"

step "Run database migrations"
(
  set -a
  # shellcheck disable=SC1090 # written just above
  . "$ENV_FILE"
  set +a
  cd "$RELEASE_DIR"
  node migrate.js
)

step "Point current at $GIT_SHA"
ln -sfn "releases/$GIT_SHA" "$API_DIR/current.partial"
mv -Tf "$API_DIR/current.partial" "$API_DIR/current"

step "PM2"
PM2_JS="$API_DIR/current/node_modules/pm2/bin/pm2"
if [ ! -f "$PM2_JS" ]; then
  PM2_JS="$(command -v pm2 || true)"
  if [ -z "$PM2_JS" ]; then
    log "PM2 is neither in the artifact nor on PATH; installing pm2@$PM2_FALLBACK_VERSION"
    npm install --global --no-audit --no-fund "pm2@$PM2_FALLBACK_VERSION"
    PM2_JS="$(command -v pm2)"
  fi
fi
pm2() { node "$PM2_JS" "$@"; }
log "using $PM2_JS (PM2_HOME=$PM2_HOME)"

step "Start or reload the API"
(
  set -a
  # shellcheck disable=SC1090
  . "$ENV_FILE"
  set +a
  # The ecosystem file takes its cwd from here: the `current` LINK, so reloads follow it.
  export API_APP_DIR="$API_DIR/current"
  cd "$API_APP_DIR"
  pm2 startOrReload ecosystem.config.js --update-env
)
pm2 save --force

step "Register PM2 to start on boot"
if [ -d /run/systemd/system ] && command -v systemctl >/dev/null; then
  pm2 startup systemd -u root --service-name "$PM2_SERVICE_NAME"
else
  log "systemd is not running here: skipping start-on-boot registration"
fi

step "Wait for the API to be healthy"
health_url="http://127.0.0.1:$API_PORT/api/health"
deadline=$((SECONDS + HEALTH_TIMEOUT_SECONDS))
until curl --fail --silent --output /dev/null --max-time 2 "$health_url"; do
  if [ "$SECONDS" -ge "$deadline" ]; then
    pm2 logs --nostream --lines 50 || true
    fail "$health_url not healthy after ${HEALTH_TIMEOUT_SECONDS}s"
  fi
  sleep 0.5
done

step "Done"
log "release $GIT_SHA healthy at $health_url, ${SECONDS}s after start"
