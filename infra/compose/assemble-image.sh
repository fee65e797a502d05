#!/bin/sh
# Run by the Dockerfile's build stage, after the services are bundled: copies
# what the runtime image needs into OUT_DIR. The bundles inline the workspace
# packages, so production needs only the services' own npm dependencies,
# installed here hoisted into one node_modules (every service pins the same
# versions), without what production never loads.
set -eu
out=${1:?usage: assemble-image.sh OUT_DIR}
mkdir -p "$out"

find . -name node_modules -type d -prune -exec rm -rf {} +
pnpm install --offline --frozen-lockfile --prod --config.node-linker=hoisted --ignore-scripts \
  --filter "./services/*" --reporter=silent

# Type declarations, source maps and docs are never loaded.
find node_modules -type f \( -name '*.map' -o -name '*.d.ts' -o -name '*.d.mts' -o -name '*.d.cts' -o -name '*.md' -o -name '*.markdown' \) -delete
# @prisma/client ships a query compiler per database and build (about 60 MB);
# keep only those the generated clients import (PostgreSQL, "small" build).
runtime=node_modules/@prisma/client/runtime
used=$(grep -rhoE 'query_compiler_[a-z]+_bg\.[a-z]+' services/*/src/store/generated | sort -u)
for file in "$runtime"/query_compiler_* "$runtime"/wasm-compiler-edge*; do
  stem=$(basename "$file" | grep -oE '^query_compiler_[a-z]+_bg\.[a-z]+' || true)
  if [ -z "$stem" ] || ! echo "$used" | grep -qx "$stem"; then rm -f "$file"; fi
done

cp package.json "$out/"
cp -a node_modules "$out/"
for dir in services/*/; do
  service=${dir%/}
  mkdir -p "$out/$service"
  cp "$service/package.json" "$out/$service/"
  cp -a "$service/dist" "$out/$service/"
  rm -f "$out/$service"/dist/*.map
  [ -d "$service/prisma" ] && cp -a "$service/prisma" "$out/$service/"
  [ -d "$service/node_modules" ] && cp -a "$service/node_modules" "$out/$service/"
done
# The gateway's demo page and the SDK bundle it serves (/demo).
cp -a services/gateway/demo "$out/services/gateway/"
mkdir -p "$out/packages/client"
cp -a packages/client/package.json packages/client/src packages/client/dist "$out/packages/client/"
# The object-storage init of docker-compose.yml (node infra/storage/apply-bucket.mjs).
mkdir -p "$out/infra"
cp infra/package.json "$out/infra/"
cp -a infra/storage "$out/infra/"
