#!/usr/bin/env bash
# Starts a throw-away PostgreSQL cluster for the ledger tests and benchmarks, and exports its URL.
#
#   source scripts/start-postgres.sh        # sets EXPORTCTL_TEST_PG_URL in the calling shell
#   scripts/start-postgres.sh               # prints `export EXPORTCTL_TEST_PG_URL=…`
#   scripts/start-postgres.sh stop          # stops the cluster and removes its directory
#
# Idempotent: a cluster already started by this script (same state directory) is reused. The
# cluster lives in a temp directory owned by the `postgres` user (when run as root), listens on
# 127.0.0.1 only, on a free port, with trust authentication for loopback: for tests only, never
# for real data. State directory: $EXPORTCTL_PG_DIR, default ${TMPDIR:-/tmp}/exportctl-pg.
# Needs the Debian `postgresql` package (scripts/install-deps.sh installs it when missing).

_exportctl_pg_main() {
  local state_dir="${EXPORTCTL_PG_DIR:-${TMPDIR:-/tmp}/exportctl-pg}"
  local db_name="exportctl_test"
  local script_dir
  script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

  local bin_dir
  bin_dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  if [ -z "$bin_dir" ] || [ ! -x "$bin_dir/initdb" ]; then
    echo "start-postgres: PostgreSQL server binaries not found, installing them" >&2
    "$script_dir/install-deps.sh" || return 1
    bin_dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
    if [ -z "$bin_dir" ]; then echo "start-postgres: no PostgreSQL server found" >&2; return 1; fi
  fi

  # Runs a command as the cluster owner: `postgres` when we are root, else ourselves.
  local owner
  if [ "$(id -u)" = 0 ]; then owner=postgres; else owner="$(id -un)"; fi
  _exportctl_pg_as_owner() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
  }

  if [ "${1:-}" = "stop" ]; then
    if [ -f "$state_dir/data/postmaster.pid" ]; then
      _exportctl_pg_as_owner "$bin_dir/pg_ctl" -D "$state_dir/data" -m fast -w stop >/dev/null
    fi
    rm -rf "$state_dir"
    unset EXPORTCTL_TEST_PG_URL
    return 0
  fi

  # Reuse a running cluster.
  if [ -f "$state_dir/url" ] && [ -f "$state_dir/port" ] &&
     "$bin_dir/pg_isready" -q -h 127.0.0.1 -p "$(cat "$state_dir/port")"; then
    EXPORTCTL_TEST_PG_URL="$(cat "$state_dir/url")"
    export EXPORTCTL_TEST_PG_URL
    echo "export EXPORTCTL_TEST_PG_URL=$EXPORTCTL_TEST_PG_URL"
    return 0
  fi

  # A stale or half-made directory: stop whatever runs there and start afresh.
  if [ -d "$state_dir" ]; then
    if [ -f "$state_dir/data/postmaster.pid" ]; then
      _exportctl_pg_as_owner "$bin_dir/pg_ctl" -D "$state_dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$state_dir"
  fi
  mkdir -p "$state_dir" || return 1
  chmod 700 "$state_dir"
  chown "$owner" "$state_dir" || return 1

  local port
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')" || return 1

  _exportctl_pg_as_owner "$bin_dir/initdb" -D "$state_dir/data" -U postgres -A trust -E UTF8 \
      --locale=C.UTF-8 --no-instructions >"$state_dir/initdb.log" 2>&1 || {
    echo "start-postgres: initdb failed, see $state_dir/initdb.log" >&2; return 1; }
  _exportctl_pg_as_owner "$bin_dir/pg_ctl" -D "$state_dir/data" -l "$state_dir/server.log" -w \
      -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$state_dir -c max_connections=100" \
      start >/dev/null || {
    echo "start-postgres: server did not start, see $state_dir/server.log" >&2; return 1; }
  "$bin_dir/createdb" -h 127.0.0.1 -p "$port" -U postgres "$db_name" || return 1

  echo "$port" >"$state_dir/port"
  echo "postgresql://postgres@127.0.0.1:$port/$db_name" >"$state_dir/url"
  EXPORTCTL_TEST_PG_URL="$(cat "$state_dir/url")"
  export EXPORTCTL_TEST_PG_URL
  echo "export EXPORTCTL_TEST_PG_URL=$EXPORTCTL_TEST_PG_URL"
}

_exportctl_pg_main "$@"
_exportctl_pg_rc=$?
unset -f _exportctl_pg_main _exportctl_pg_as_owner
if [ "${BASH_SOURCE[0]}" != "$0" ]; then
  return $_exportctl_pg_rc
fi
exit $_exportctl_pg_rc
