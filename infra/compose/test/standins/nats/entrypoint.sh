#!/bin/sh
# Like the official image: arguments that start with "-" are nats-server's.
set -eu
case "${1:-}" in -*) set -- nats-server "$@" ;; esac
exec "$@"
