#!/usr/bin/env bash
# Everything `npm start` and `npm test` need before they run, on a fresh
# machine with only Node.js: pnpm, dependencies, .env, infrastructure, Prisma
# clients, migrations and seed data. Safe to run again. Meant to be sourced,
# so the environment it loads stays exported for the caller.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

PNPM_VERSION=$(node -p "require('./package.json').packageManager.split('@')[1]")
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version 2>/dev/null)" != "$PNPM_VERSION" ]; then
  echo "[prepare] installing pnpm $PNPM_VERSION"
  npm install --global --silent "pnpm@$PNPM_VERSION" || corepack enable pnpm
fi

echo "[prepare] installing dependencies"
pnpm install --frozen-lockfile --reporter=silent

eval "$(node infra/local/env.mjs --export)"

node infra/local/ensure-infra.mjs

echo "[prepare] generating Prisma clients"
pnpm turbo run generate --output-logs=errors-only >/dev/null

echo "[prepare] migrating and seeding"
pnpm --recursive --filter "./services/*" --if-present --reporter-hide-prefix run migrate
pnpm --recursive --filter "./services/*" --if-present --reporter-hide-prefix run seed
