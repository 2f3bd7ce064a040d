#!/usr/bin/env bash
# HTTP load test of POST /v1/check (and GET /health for reference) with wrk on loopback, bounded
# in time. Prints requests/s and p99 latency. Usage:
#   bench/http_check.sh [path/to/exportctl] [seconds=5] [connections=8] [server threads=8]
set -euo pipefail
cd "$(dirname "$0")/.."
EXPORTCTL=${1:-build/release/cli/exportctl}
SECONDS_=${2:-5}
CONNS=${3:-8}
THREADS=${4:-8}
command -v wrk >/dev/null || { echo "wrk not installed (apt-get install wrk)" >&2; exit 1; }
STATE=$(mktemp -d)
trap 'if [ -n "${PID:-}" ]; then kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; fi; rm -rf "$STATE"' EXIT
"$EXPORTCTL" --home "$STATE" serve --port 0 --threads "$THREADS" --no-smoke >"$STATE/out" 2>"$STATE/err" &
PID=$!
for _ in $(seq 1 100); do grep -q '^listening on ' "$STATE/out" && break; sleep 0.1; done
URL=$(sed -n 's/^listening on //p' "$STATE/out" | head -n 1)
[ -n "$URL" ] || { cat "$STATE/err" >&2; exit 1; }
cat >"$STATE/check.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"chip":"H20","quantity":1000,"destination":"CN","as_of":"2025-05-01"}'
LUA
# Sanity: the request is answered (not an error) before measuring.
curl -sf -X POST -H 'Content-Type: application/json' -d '{"chip":"H20","quantity":1000,"destination":"CN","as_of":"2025-05-01"}' \
  "$URL/v1/check" >/dev/null || { echo "POST /v1/check failed" >&2; exit 1; }
report() {
  local name=$1 out=$2
  local rps p99 errors
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  errors=$(grep -E 'Non-2xx|Socket errors' <<<"$out" || true)
  printf '%-16s %10s req/s   p99 %8s   (%ss, %s connections, %s server threads)%s\n' "$name" "$rps" "$p99" "$SECONDS_" "$CONNS" "$THREADS" \
    "${errors:+   $errors}"
}
report "POST /v1/check" "$(wrk -t2 -c"$CONNS" -d"${SECONDS_}s" --latency -s "$STATE/check.lua" "$URL/v1/check")"
report "GET /health" "$(wrk -t2 -c"$CONNS" -d"${SECONDS_}s" --latency "$URL/health")"
