#!/bin/sh
# A self-signed certificate for Nginx on your machine (localhost and
# 127.0.0.1), written to DIR/local.crt and DIR/local.key (default: .local/tls,
# which git ignores: never commit a key). Kept when already there.
#
#   sh infra/compose/nginx/make-local-cert.sh [DIR]
set -eu
dir=${1:-.local/tls}
mkdir -p "$dir"
if [ -s "$dir/local.crt" ] && [ -s "$dir/local.key" ]; then
  echo "[tls] $dir/local.crt already exists"
  exit 0
fi
openssl req -x509 -newkey rsa:2048 -nodes -days 825 -subj "/CN=localhost" \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
  -keyout "$dir/local.key" -out "$dir/local.crt" 2>/dev/null
echo "[tls] wrote $dir/local.crt and $dir/local.key (self-signed: trust local.crt in your browser or pass it to your client)"
