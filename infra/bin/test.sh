#!/usr/bin/env bash
# npm test: the same preparation as npm start, then every test suite against
# the real PostgreSQL, Redis, NATS and object storage.
set -euo pipefail
cd "$(dirname "$0")/../.."
source infra/bin/prepare.sh

# The browser journey (test/browser, docs/demo.md) drives Debian's Chromium;
# only npm test needs it. Installed like ensure-infra.mjs installs servers:
# from apt when root, otherwise the suite fails saying how to install it.
if [ -z "${CHROMIUM_PATH:-}" ] && [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "[test] installing chromium from apt"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
  else
    echo "[test] /usr/bin/chromium is missing: the browser suite will fail (sudo apt-get install chromium, or set CHROMIUM_PATH)" >&2
  fi
fi

# The whole run (no arguments) also lints and type-checks: the suites run the
# TypeScript through tsx, which does not check types.
if [ $# -eq 0 ]; then
  echo "[test] lint (biome) and typecheck (tsc, every package)"
  pnpm exec biome check . --diagnostic-level=error
  pnpm turbo run typecheck --output-logs=errors-only
fi

export LOG_LEVEL=${TEST_LOG_LEVEL:-warn}
exec pnpm exec vitest run "$@"
