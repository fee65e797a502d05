# One image for every service: build once, run `sh services/<name>/dist/start`
# (node with the flags infra/build/bundle-service.mjs gives every service).
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN npm install --global pnpm@12.21.0
COPY pnpm-lock.yaml pnpm-workspace.yaml package.json .npmrc ./
COPY packages packages
COPY services services
COPY infra infra
COPY bench/package.json bench/package.json
RUN pnpm install --frozen-lockfile
COPY turbo.json tsconfig.base.json ./
RUN pnpm turbo run build --filter "./services/*"

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production HTTP_HOST=0.0.0.0
COPY --from=build /app /app
USER node
