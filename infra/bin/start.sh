#!/usr/bin/env bash
# npm start: prepare everything, build the services, run them all (turbo).
set -euo pipefail
cd "$(dirname "$0")/../.."
source infra/bin/prepare.sh

echo "[start] building services"
pnpm turbo run build --filter "./services/*" --output-logs=errors-only

echo "[start] gateway on http://localhost:${PORT:-3000}  (docs: /docs, health: /api/health)"
echo "[start] admin: ${ADMIN_EMAIL:-unset} (password: ADMIN_PASSWORD in .env)"
exec pnpm turbo run start --filter "./services/*" --concurrency=100 --log-prefix=task
