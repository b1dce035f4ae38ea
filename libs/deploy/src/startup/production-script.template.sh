# ---- Production API start-up (body). The renderer prepends the step-log preamble and the
# ---- inputs: ROOT GIT_SHA ARTIFACT_URL ARTIFACT_SHA256 NODE_VERSION NODE_MAJOR NODE_DIST_URL
# ---- NODE_PREFIX API_PORT API_USER PARAMETER_PATH PARAMETER_REGION METADATA_URL SSM_ENDPOINT_URL
# ---- PM2_SERVICE_NAME PM2_FALLBACK_VERSION HEALTH_TIMEOUT_SECONDS KEEP_RELEASES
# ---- VERIFY_MANIFEST_JS READ_PARAMETERS. Values are never substituted into this text: they
# ---- arrive as quoted shell assignments. No input is a secret or a token: the settings are read
# ---- from Parameter Store with the instance profile, the artifact by a short-lived presigned URL.
umask 077
export PM2_HOME="$ROOT/pm2"
API_DIR="$ROOT/api"
RELEASES_DIR="$API_DIR/releases"
RELEASE_DIR="$RELEASES_DIR/$GIT_SHA"
ENV_FILE="$API_DIR/api.env"
DOWNLOADS_DIR="$API_DIR/downloads"
CURL_RETRY=(--fail --silent --show-error --location --retry 5 --retry-delay 2 --retry-connrefused --connect-timeout 10)
# The API's user must be able to walk to its release; downloads and logs stay root's.
install -d -m 0755 "$ROOT" "$API_DIR" "$RELEASES_DIR"
mkdir -p "$DOWNLOADS_DIR"

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
  # 0755: the API's user runs this node (umask 077 would make a new folder root's alone).
  install -d -m 0755 "$NODE_PREFIX"
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

step "API user $API_USER (unprivileged: the API, PM2 and its systemd unit run as it)"
if id -u "$API_USER" >/dev/null 2>&1; then
  log "found $(id "$API_USER")"
else
  useradd --system --user-group --home-dir "$API_DIR" --no-create-home --shell "$(command -v nologin || echo /bin/false)" "$API_USER"
  log "created $(id "$API_USER")"
fi
[ "$(id -u "$API_USER")" != 0 ] || fail "$API_USER has uid 0: the API must not run as root"
install -d -m 0700 -o "$API_USER" -g "$API_USER" "$PM2_HOME"
as_api() { runuser -u "$API_USER" -- "$@"; }

step "Download artifact $GIT_SHA"
zip="$DOWNLOADS_DIR/api-$GIT_SHA.zip"
# ARTIFACT_URL is a short-lived presigned URL of the releases bucket: no token or key is
# needed, or ever sent to the instance. It is not logged (it is a bearer URL until it expires).
download_status=0
curl "${CURL_RETRY[@]}" --max-time 900 --output "$zip.partial" "$ARTIFACT_URL" || download_status=$?
if [ "$download_status" -ne 0 ]; then
  rm -f "$zip.partial"
  fail "could not download the artifact of release $GIT_SHA (curl exit $download_status; an expired presigned URL answers 403). Nothing was installed; the running API (if any) is untouched."
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
# Every file against the artifact's own manifest.json, before anything runs from it.
node -e "$VERIFY_MANIFEST_JS" "$staging" || { rm -rf "$staging"; fail "release $GIT_SHA does not match its manifest.json; refusing it. The running API (if any) is untouched."; }
chown -R "$API_USER:$API_USER" "$staging"
chmod 0750 "$staging"
if [ -e "$RELEASE_DIR" ]; then
  # Re-running for the same release: swap folders so a running process keeps its open files.
  mv "$RELEASE_DIR" "$RELEASES_DIR/.$GIT_SHA.old"
fi
mv "$staging" "$RELEASE_DIR"
rm -rf "$RELEASES_DIR/.$GIT_SHA.old"

step "Read the settings from Parameter Store $PARAMETER_PATH (instance profile, IMDSv2)"
# The release carries the reader and the SDK it needs (api:artifact adds both).
reader="$RELEASE_DIR/$READ_PARAMETERS"
for needed in "$reader" "$RELEASE_DIR/node_modules/@aws-sdk/client-ssm" "$RELEASE_DIR/node_modules/@smithy/credential-provider-imds"; do
  [ -e "$needed" ] ||
    fail "release $GIT_SHA has no ${needed#"$RELEASE_DIR/"} (built before settings moved to Parameter Store): deploy a newer release"
done
env_tmp="$(mktemp "$API_DIR/.api.env.XXXXXX")"
chown "$API_USER:$API_USER" "$env_tmp"
chmod 0600 "$env_tmp"
# Only what the reader needs (env -i): no credential of this shell reaches it; its role's do.
reader_env=(PATH="$PATH" NODE_PATH="$RELEASE_DIR/node_modules" PARAMETER_PATH="$PARAMETER_PATH" AWS_REGION="$PARAMETER_REGION"
  AWS_EC2_METADATA_SERVICE_ENDPOINT="$METADATA_URL" AWS_EC2_METADATA_V1_DISABLED=true)
[ -z "$SSM_ENDPOINT_URL" ] || reader_env+=(AWS_ENDPOINT_URL_SSM="$SSM_ENDPOINT_URL")
if ! (cd "$RELEASE_DIR" && as_api env -i "${reader_env[@]}" node "$reader" >"$env_tmp"); then
  rm -f "$env_tmp"
  fail "could not read the settings under $PARAMETER_PATH (see above). Check the instance profile's policy; nothing was started."
fi
mv -f "$env_tmp" "$ENV_FILE"
log "wrote $ENV_FILE (mode 0600, owner $API_USER)"

step "Run database migrations (as $API_USER)"
(
  set -a
  # shellcheck disable=SC1090 # written just above
  . "$ENV_FILE"
  set +a
  cd "$RELEASE_DIR"
  as_api node migrate.js
)

step "Point current at $GIT_SHA"
# What current pointed at before: kept by the pruning below, whatever its age.
previous_release="$(basename "$(readlink "$API_DIR/current" 2>/dev/null || true)")"
ln -sfn "releases/$GIT_SHA" "$API_DIR/current.partial"
mv -Tf "$API_DIR/current.partial" "$API_DIR/current"

step "Keep the last $KEEP_RELEASES release folders"
# A running PM2 daemon executes its own code from the release it was started from: it loads
# node_modules/pm2/lib/ProcessContainerFork.js from there on every (re)start of the API. Its
# folder stays while it runs (removing it left the API unable to restart: "too many unstable
# restarts").
pm2_daemon_release=""
pm2_daemon_running=false
if pm2_pid="$(cat "$PM2_HOME/pm2.pid" 2>/dev/null)" && [ -n "$pm2_pid" ] && kill -0 "$pm2_pid" 2>/dev/null; then
  pm2_daemon_running=true
  pm2_daemon_release="$(cat "$PM2_HOME/daemon-release" 2>/dev/null || true)"
fi
# >>> prune_releases
# Never removes the release now current, the one it replaced, nor the running PM2 daemon's
# (optional 6th argument); fills up to KEEP_RELEASES with the newest others; removes the
# downloads of releases no longer kept.
prune_releases() {
  local releases_dir="$1" downloads_dir="$2" current="$3" previous="$4" limit="$5" pinned="${6:-}" name
  local -a keep=("$current")
  kept() { case " ${keep[*]} " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }
  if [ -n "$previous" ] && ! kept "$previous" && [ -d "$releases_dir/$previous" ]; then keep+=("$previous"); fi
  if [ -n "$pinned" ] && ! kept "$pinned" && [ -d "$releases_dir/$pinned" ]; then keep+=("$pinned"); fi
  while IFS= read -r name; do
    if [ "${#keep[@]}" -ge "$limit" ]; then break; fi
    kept "$name" || keep+=("$name")
  done < <(find "$releases_dir" -mindepth 1 -maxdepth 1 -type d ! -name '.*' -printf '%T@ %f\n' | sort -rn | cut -d ' ' -f 2)
  while IFS= read -r name; do
    kept "$name" && continue
    rm -rf "${releases_dir:?}/$name"
    log "removed old release folder $name"
  done < <(find "$releases_dir" -mindepth 1 -maxdepth 1 -type d ! -name '.*' -printf '%f\n')
  while IFS= read -r name; do
    name="${name#api-}"
    kept "${name%.zip}" || rm -f "$downloads_dir/api-$name"
  done < <(find "$downloads_dir" -mindepth 1 -maxdepth 1 -type f -name 'api-*.zip' -printf '%f\n')
  log "kept ${keep[*]}"
}
# <<< prune_releases
prune_releases "$RELEASES_DIR" "$DOWNLOADS_DIR" "$GIT_SHA" "$previous_release" "$KEEP_RELEASES" "$pm2_daemon_release"

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
# runuser keeps the environment (PM2_HOME, and the API's settings where sourced) but not root.
pm2() { as_api node "$PM2_JS" "$@"; }
log "using $PM2_JS (PM2_HOME=$PM2_HOME, as $API_USER)"

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
if [ "$pm2_daemon_running" = false ]; then
  # The daemon started just now, from this release's PM2 (or a global one: no folder to keep).
  case "$PM2_JS" in
    "$API_DIR/current/"*) printf '%s\n' "$GIT_SHA" > "$PM2_HOME/daemon-release" ;;
    *) : > "$PM2_HOME/daemon-release" ;;
  esac
  chown "$API_USER:$API_USER" "$PM2_HOME/daemon-release"
fi

step "Register PM2 to start on boot"
if [ -d /run/systemd/system ] && command -v systemctl >/dev/null; then
  # Writing the unit needs root; the unit itself runs PM2 as $API_USER.
  node "$PM2_JS" startup systemd -u "$API_USER" --service-name "$PM2_SERVICE_NAME"
  chown -R "$API_USER:$API_USER" "$PM2_HOME"
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
