#!/usr/bin/env bash
# npm test: the same preparation as npm start, then every test suite against
# the real PostgreSQL, Redis, NATS and object storage.
set -euo pipefail
cd "$(dirname "$0")/../.."
source infra/bin/prepare.sh
export LOG_LEVEL=${TEST_LOG_LEVEL:-warn}
exec pnpm exec vitest run "$@"
