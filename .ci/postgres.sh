#!/usr/bin/env bash
# Starts a throwaway Postgres 15 cluster in a temp dir on a free port, as the `postgres`
# user (Postgres refuses to run as root). Prints the DATABASE_URL on stdout.
#   url=$(.ci/postgres.sh start)    .ci/postgres.sh stop "$url"
# PG_EXTRA_OPTS adds server options, e.g. "-c shared_preload_libraries=pg_stat_statements".
set -euo pipefail
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}

start() {
  local dir port
  dir=$(mktemp -d /tmp/storehost-pg.XXXXXX)
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  local as=()
  if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; as=(runuser -u postgres --); fi
  "${as[@]}" "$PG_BIN/initdb" -D "$dir/data" -U postgres -A trust >/dev/null
  "${as[@]}" "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200 ${PG_EXTRA_OPTS:-}" start >/dev/null
  echo "$dir" > /tmp/storehost-pg-last
  echo "postgres://postgres@127.0.0.1:$port/postgres"
}

# Stops the cluster of the URL given (found by the port its postmaster.pid records), or
# without one the cluster started last on this machine.
stop() {
  local dir="" url=${1:-}
  if [ -n "$url" ]; then
    local port=${url##*:}
    port=${port%%/*}
    for candidate in /tmp/storehost-pg.*; do
      [ "$(sed -n 4p "$candidate/data/postmaster.pid" 2>/dev/null)" = "$port" ] && dir=$candidate
    done
  else
    dir=$(cat /tmp/storehost-pg-last 2>/dev/null || true)
  fi
  [ -n "$dir" ] && [ -d "$dir/data" ] || return 0
  local as=()
  [ "$(id -u)" = 0 ] && as=(runuser -u postgres --)
  "${as[@]}" "$PG_BIN/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null || true
  rm -rf "$dir"
}

"${1:-start}" "${@:2}"
