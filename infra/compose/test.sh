#!/usr/bin/env bash
# npm run test:compose: docker-compose.yml end to end on this machine.
#   1. a Docker engine (started here if none runs) and Compose v2;
#   2. local stand-ins for the official images no registry can give us here
#      (test/standins/), the project image (its size printed);
#   3. `docker compose up --wait` with test/compose.test.yml, every service healthy;
#   4. the journey through Nginx (TLS) to the gateway (test/journey.ts), the
#      gateway seeing the client's address (TRUST_PROXY), then wallet scaled to 2;
#   5. `down -v`: no container, network or volume left, and dockerd stopped if
#      this run started it.
# Cached under .local/compose (debootstrap tarball, Node and npm packages,
# Compose debs); images stay in the engine, so a rerun only rebuilds what changed.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
CACHE_DIR="$ROOT/.local/compose"
mkdir -p "$CACHE_DIR"
STARTED_AT=$(date +%s)
PROJECT=platform-compose-test
PLATFORM_IMAGE=paiecashfan-platform:local
RUN_DIR=$(mktemp -d)

log() { echo "[compose-test +$(($(date +%s) - STARTED_AT))s] $*"; }
die() {
  echo "[compose-test] FAILED: $*" >&2
  exit 1
}

# shellcheck source=SCRIPTDIR/test/engine.sh
source "$ROOT/infra/compose/test/engine.sh"
# shellcheck source=SCRIPTDIR/test/standins.sh
source "$ROOT/infra/compose/test/standins.sh"

compose() {
  docker compose -p "$PROJECT" --project-directory "$ROOT" --env-file "$RUN_DIR/test.env" \
    -f "$ROOT/docker-compose.yml" -f "$ROOT/infra/compose/test/compose.test.yml" "$@"
}

STACK_UP=""
cleanup() {
  local status=$?
  set +e
  if [ -n "$STACK_UP" ]; then
    if [ "$status" != 0 ]; then
      echo "[compose-test] the last log lines of each container:" >&2
      compose logs --no-color --tail 30 >&2
      compose ps -a >&2
    fi
    log "docker compose down -v"
    # Twice at most: on a loaded machine one pass can stop short of removing everything.
    compose down -v --remove-orphans --timeout 30 >"$CACHE_DIR/down.log" 2>&1 ||
      compose down -v --remove-orphans --timeout 30 >>"$CACHE_DIR/down.log" 2>&1 ||
      cat "$CACHE_DIR/down.log" >&2
    local left
    left=$(docker ps -aq --filter "label=com.docker.compose.project=$PROJECT"; docker network ls -q --filter "label=com.docker.compose.project=$PROJECT"; docker volume ls -q --filter "label=com.docker.compose.project=$PROJECT")
    if [ -n "$left" ]; then
      echo "[compose-test] FAILED: down -v left containers, networks or volumes behind: $left" >&2
      status=1
    fi
  fi
  stop_engine_if_started
  rm -rf "$RUN_DIR"
  if [ "$status" = 0 ]; then log "passed"; else echo "[compose-test] failed after $(($(date +%s) - STARTED_AT)) s" >&2; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }

# Secrets of this run only, never written into the repository.
write_run_env() {
  local signing_key
  signing_key=$(openssl genpkey -algorithm ed25519 -outform DER | base64 -w0)
  HTTPS_PORT=$(free_port)
  S3_PORT=$(free_port)
  ADMIN_EMAIL=admin@compose-test.example.com
  ADMIN_PASSWORD=$(openssl rand -hex 16)
  ORDERS_API_KEY=$(openssl rand -hex 24)
  sh "$ROOT/infra/compose/nginx/make-local-cert.sh" "$RUN_DIR/tls" >/dev/null
  cat >"$RUN_DIR/test.env" <<ENV
PLATFORM_IMAGE=$PLATFORM_IMAGE
JWT_SECRET=$(openssl rand -base64 48 | tr -d '\n')
ADMIN_EMAIL=$ADMIN_EMAIL
ADMIN_PASSWORD=$ADMIN_PASSWORD
TICKET_SIGNING_KEY=$signing_key
TEMPLATE_MASTER_API_KEY=$(openssl rand -hex 24)
ORDERS_API_KEY=$ORDERS_API_KEY
MINIO_ROOT_USER=compose-test
MINIO_ROOT_PASSWORD=$(openssl rand -hex 16)
TLS_CERT_DIR=$RUN_DIR/tls
COMPOSE_TEST_HTTPS_PORT=$HTTPS_PORT
COMPOSE_TEST_S3_PORT=$S3_PORT
R2_PRESIGN_ENDPOINT_URL=http://127.0.0.1:$S3_PORT
CORS_ORIGINS=https://127.0.0.1:$HTTPS_PORT
ENV
}

build_project_image() {
  local started=$SECONDS
  # COMPOSE_TEST_REUSE_IMAGE=1 (while working on the test itself) keeps an image already built.
  if [ -n "${COMPOSE_TEST_REUSE_IMAGE:-}" ] && have_image "$PLATFORM_IMAGE"; then
    log "reusing the project image already built (COMPOSE_TEST_REUSE_IMAGE)"
  else
    log "building the project image $PLATFORM_IMAGE (Dockerfile)"
    docker build --quiet -t "$PLATFORM_IMAGE" "$ROOT" >/dev/null || die "docker build of the project image failed"
  fi
  local bytes
  bytes=$(docker image inspect -f '{{.Size}}' "$PLATFORM_IMAGE")
  log "project image $PLATFORM_IMAGE: $((bytes / 1000000)) MB (built in $((SECONDS - started)) s; base node:20-bookworm-slim: $(($(docker image inspect -f '{{.Size}}' node:20-bookworm-slim) / 1000000)) MB)"
  if [ "$(docker image inspect -f '{{.Config.User}}' "$PLATFORM_IMAGE")" != node ]; then die "the project image does not run as the node user"; fi
}

# Every service of the file but the ones this run leaves out, healthy; the one-shots exited 0.
check_health() {
  local expected
  expected=$(compose config --services | grep -vx 'mongo\|seed\|minio-init\|pgadmin')
  local waited=0
  while [ "$(compose ps -a --format '{{.State}}' seed)" != exited ]; do
    [ $waited -lt 300 ] || die "the seed step did not finish within 300 s"
    sleep 2
    waited=$((waited + 2))
  done
  for oneshot in minio-init seed; do
    local code
    code=$(compose ps -a --format '{{.ExitCode}}' "$oneshot")
    [ "$code" = 0 ] || die "the one-shot $oneshot exited with $code"
  done
  local unhealthy=""
  for service in $expected; do
    local health
    health=$(compose ps --format '{{.Health}}' "$service" | sort -u | tr '\n' ' ')
    [ "$health" = "healthy " ] || unhealthy="$unhealthy $service($health)"
  done
  [ -z "$unhealthy" ] || die "not healthy:$unhealthy"
  log "healthy: $(echo "$expected" | tr '\n' ' ')(minio-init and seed exited 0)"
}

journey() {
  BASE_URL="https://127.0.0.1:$HTTPS_PORT" NODE_EXTRA_CA_CERTS="$RUN_DIR/tls/local.crt" \
    ADMIN_EMAIL="$ADMIN_EMAIL" ADMIN_PASSWORD="$ADMIN_PASSWORD" ORDERS_API_KEY="$ORDERS_API_KEY" \
    pnpm --silent exec tsx "$ROOT/infra/compose/test/journey.ts" "$@"
}

# The journey's failed login carries X-Forwarded-For: 203.0.113.7 (a client
# lying about its address). The gateway must log the address Nginx saw.
check_client_address() {
  local line ip nginx_ip
  line=$(compose logs --no-color gateway | grep '"failed login"' | grep 'compose-journey-trust-proxy' | tail -1)
  [ -n "$line" ] || die "TRUST_PROXY: the gateway logged no failed login for the journey's request"
  ip=$(echo "$line" | grep -o '"ip":"[^"]*"' | cut -d'"' -f4)
  nginx_ip=$(docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "$(compose ps -q nginx)")
  [ -n "$ip" ] || die "TRUST_PROXY: no ip in the gateway's log line: $line"
  [ "$ip" != 203.0.113.7 ] || die "TRUST_PROXY: the gateway took the address the client sent in X-Forwarded-For"
  [ "$ip" != "$nginx_ip" ] || die "TRUST_PROXY: the gateway sees Nginx's address ($nginx_ip), not the client's"
  log "the gateway sees the client's address $ip (Nginx is $nginx_ip; the client's own X-Forwarded-For was dropped)"
}

main() {
  ensure_engine
  ensure_compose_v2
  log "docker compose $(docker compose version --short), engine $(docker version -f '{{.Server.Version}}')"
  build_standins
  # The journey runs on the host with the repository's own dependencies.
  if [ ! -d "$ROOT/infra/node_modules/@platform/client" ]; then
    command -v pnpm >/dev/null 2>&1 || npm install --global --silent "pnpm@$(node -p "require('./package.json').packageManager.split('@')[1]")"
    pnpm install --frozen-lockfile --reporter=silent
  fi
  write_run_env
  build_project_image

  compose config -q
  compose --profile pgadmin config -q
  log "deposits: no payment provider here, so the wallet runs its development funding provider (NODE_ENV=development for wallet only)"
  log "MongoDB cannot be had on this machine (no package, no image): in this run bookings use PostgreSQL (MONGODB_URI unset); mongo is left out"
  log "docker compose up --wait"
  STACK_UP=1
  timeout 1800 docker compose -p "$PROJECT" --project-directory "$ROOT" --env-file "$RUN_DIR/test.env" \
    -f "$ROOT/docker-compose.yml" -f "$ROOT/infra/compose/test/compose.test.yml" up -d --no-build --wait ||
    die "docker compose up --wait failed"
  check_health

  log "journey through Nginx (https://127.0.0.1:$HTTPS_PORT) to the gateway"
  journey journey
  check_client_address

  log "docker compose up --scale wallet=2"
  compose up -d --no-build --wait --scale wallet=2 wallet >/dev/null || die "scaling wallet to 2 failed"
  [ "$(compose ps -q wallet | wc -l)" = 2 ] || die "wallet did not scale to 2 containers"
  journey wallets
}

main
