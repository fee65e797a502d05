# shellcheck shell=bash
# The Docker engine and Compose v2 for infra/compose/test.sh, on a machine that
# may have neither (PLATFORM-NOTES.md, "Docker"). Sourced; uses $CACHE_DIR and
# the log/die functions of test.sh.

ENGINE_STARTED_HERE=""
DOCKERD_PID=""

# Starts dockerd when no engine answers; installs Debian's docker.io first if needed.
ensure_engine() {
  if docker info >/dev/null 2>&1; then
    log "using the Docker engine already running"
    return
  fi
  [ "$(id -u)" = 0 ] || die "no Docker engine is running and starting one needs root"
  if ! command -v dockerd >/dev/null 2>&1; then
    log "installing Debian's docker.io"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io >/dev/null
  fi
  log "starting dockerd (log: $CACHE_DIR/dockerd.log)"
  dockerd >"$CACHE_DIR/dockerd.log" 2>&1 &
  DOCKERD_PID=$!
  ENGINE_STARTED_HERE=1
  for _ in $(seq 1 120); do
    docker info >/dev/null 2>&1 && return
    kill -0 "$DOCKERD_PID" 2>/dev/null || die "dockerd exited: see $CACHE_DIR/dockerd.log"
    sleep 0.5
  done
  die "dockerd did not answer within 60 s: see $CACHE_DIR/dockerd.log"
}

# Stops the dockerd this run started (and the containerd it runs), nothing else.
stop_engine_if_started() {
  [ -n "$ENGINE_STARTED_HERE" ] || return 0
  log "stopping the dockerd this run started"
  kill -TERM "$DOCKERD_PID" 2>/dev/null || true
  for _ in $(seq 1 60); do
    kill -0 "$DOCKERD_PID" 2>/dev/null || break
    sleep 0.5
  done
  ENGINE_STARTED_HERE=""
}

# Compose v2. Bookworm's docker-compose is v1 and rejects the file; trixie's
# docker-compose and docker-buildx packages are v2. They are downloaded with a
# private apt state (its own sources list and lists directory), so the host's
# apt sources stay untouched, unpacked with dpkg-deb -x and copied into the
# CLI plugin folder.
ensure_compose_v2() {
  if docker compose version --short 2>/dev/null | grep -q '^v\?2\.'; then
    return
  fi
  local plugins=/usr/local/lib/docker/cli-plugins
  local debs="$CACHE_DIR/compose-debs"
  if ! ls "$debs"/docker-compose_*.deb "$debs"/docker-buildx_*.deb >/dev/null 2>&1; then
    log "downloading docker-compose and docker-buildx from Debian trixie (private apt state)"
    local state="$CACHE_DIR/apt-trixie"
    mkdir -p "$state/lists/partial" "$state/cache/archives/partial" "$debs"
    echo "deb http://deb.debian.org/debian trixie main" >"$state/sources.list"
    local apt_opts=(
      -o "Dir::Etc::SourceList=$state/sources.list" -o "Dir::Etc::SourceParts=-"
      -o "Dir::State::Lists=$state/lists" -o "Dir::Cache=$state/cache"
      -o "Dir::State::Status=/var/lib/dpkg/status" -o "APT::Sandbox::User=root"
    )
    apt-get "${apt_opts[@]}" update -qq
    (cd "$debs" && apt-get "${apt_opts[@]}" download -qq docker-compose docker-buildx)
  fi
  local unpacked
  unpacked=$(mktemp -d)
  for deb in "$debs"/docker-compose_*.deb "$debs"/docker-buildx_*.deb; do
    dpkg-deb -x "$deb" "$unpacked"
  done
  mkdir -p "$plugins"
  cp "$unpacked"/usr/libexec/docker/cli-plugins/docker-compose "$unpacked"/usr/libexec/docker/cli-plugins/docker-buildx "$plugins"/
  rm -rf "$unpacked"
  docker compose version --short | grep -q '^v\?2\.' || die "docker compose v2 did not install"
  log "installed docker compose $(docker compose version --short) into $plugins"
}
