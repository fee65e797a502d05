# One image for every service: `sh services/<name>/dist/start` runs one
# (node with the flags infra/build/bundle-service.mjs gives every service).
# The runtime stage holds the bundles, their migrations, the seed bundles and
# the production dependencies only, and runs as the unprivileged `node` user
# (docs/operations.md, "Docker Compose").
FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV CI=true TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1
RUN npm install --global --no-audit --no-fund pnpm@12.21.0
# Every package from the lockfile alone: this layer stays cached until the lockfile changes.
COPY pnpm-lock.yaml pnpm-workspace.yaml package.json .npmrc ./
# Our patches of dependencies (pnpm-workspace.yaml, patchedDependencies) are part of the lockfile's identity.
COPY patches ./patches
RUN pnpm fetch --reporter=silent
COPY . .
RUN pnpm install --offline --frozen-lockfile --reporter=silent
# Prisma clients and the SDK's browser bundle, then each service bundled with
# its seed (dist/main.js, dist/seed.js; the seed step of docker-compose.yml).
RUN pnpm turbo run generate --filter "./services/*..." --output-logs=errors-only \
 && pnpm --filter "./services/*" --reporter-hide-prefix exec node ../../infra/build/bundle-service.mjs src/seed.ts
RUN sh infra/compose/assemble-image.sh /out

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production HTTP_HOST=0.0.0.0
COPY --from=build /out/ /app/
USER node
