#!/usr/bin/env bash
# npm start: prepare everything, build the services, run them all (turbo).
# With replicas (`npm start -- --replicas 2` or `REPLICAS=2 npm start`), every
# service runs that many times and the gateway as that many cluster workers on
# one port (infra/local/run-replicas.ts, docs/operations.md#scaling).
set -euo pipefail
cd "$(dirname "$0")/../.."

REPLICAS=${REPLICAS:-1}
while [ $# -gt 0 ]; do
  case "$1" in
    --replicas) REPLICAS=${2:-}; shift 2 || shift ;;
    --replicas=*) REPLICAS=${1#*=}; shift ;;
    *) echo "[start] unknown option: $1 (usage: npm start -- [--replicas N])" >&2; exit 64 ;;
  esac
done
# Checked before the slow preparation, so a typo fails at once.
if ! [[ "$REPLICAS" =~ ^[1-9]$ ]]; then
  echo "[start] --replicas must be a whole number from 1 to 9, got \"$REPLICAS\"" >&2
  exit 64
fi

source infra/bin/prepare.sh

echo "[start] building services"
pnpm turbo run build --filter "./services/*" --output-logs=errors-only

echo "[start] gateway on http://localhost:${PORT:-3000}  (docs: /docs, health: /api/health)"
echo "[start] admin: ${ADMIN_EMAIL:-unset} (password: ADMIN_PASSWORD in .env)"
if [ "$REPLICAS" -gt 1 ]; then
  echo "[start] $REPLICAS instances of every service (load per instance: GET /api/admin/instances, as an admin)"
  exec pnpm exec tsx infra/local/run-replicas.ts --replicas "$REPLICAS"
fi
exec pnpm turbo run start --filter "./services/*" --concurrency=100 --log-prefix=task
