#!/bin/sh
# Like the official image: runs as the redis user, and a server started without
# a config file accepts connections from other containers (protected mode off).
set -eu
case "${1:-}" in -*) set -- redis-server "$@" ;; esac
if [ "${1:-}" = redis-server ]; then
  chown -R redis:redis /data
  exec setpriv --reuid=redis --regid=redis --init-groups "$@" --protected-mode no
fi
exec "$@"
