#!/usr/bin/env bash
# Browser tests: builds the front end if needed (missing or older than its sources), starts
# `exportctl serve` on a free loopback port with a fresh state dir (its own tokens and SQLite
# ledger, whatever EXPORTCTL_HOME / EXPORTCTL_DB say), creates two officers' tokens there for the
# tests (OFFICER_TOKEN; APPROVER_TOKEN, the second pair of eyes) and an admin's (ADMIN_TOKEN: the
# audit log), and runs every web/tests/*.test.mjs against it in headless Chromium
# (Debian's chromium, driven by playwright-core). Usage: run.sh path/to/exportctl [TEST.test.mjs …]
# (the named test files only, e.g. tests/batch.test.mjs; all of them by default).
set -euo pipefail
EXPORTCTL=$(realpath "${1:?usage: run.sh path/to/exportctl}")
WEB="$(cd "$(dirname "$0")/.." && pwd)"
cd "$WEB"
if [ ! -d node_modules ]; then npm ci --no-audit --no-fund >&2; fi
if [ ! -f dist/index.html ] || [ -n "$(find src index.html -newer dist/index.html -print -quit)" ]; then npm run build >&2; fi

STATE=$(mktemp -d)
trap 'if [ -n "${SERVER_PID:-}" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi; rm -rf "$STATE"' EXIT
# The tokens exist before the server starts, so its first snapshot knows them.
OFFICER_TOKEN=$("$EXPORTCTL" --home "$STATE/home" token create --user web-officer --role officer --label web-tests 2>/dev/null)
APPROVER_TOKEN=$("$EXPORTCTL" --home "$STATE/home" token create --user web-approver --role officer --label web-tests 2>/dev/null)
ADMIN_TOKEN=$("$EXPORTCTL" --home "$STATE/home" token create --user web-admin --role admin --label web-tests 2>/dev/null)
"$EXPORTCTL" --home "$STATE/home" serve --port 0 --threads 4 --web-dir "$WEB/dist" --no-smoke \
  --db "sqlite:$STATE/home/ledger.sqlite" >"$STATE/out" 2>"$STATE/err" &
SERVER_PID=$!
for _ in $(seq 1 100); do
  if grep -qs '^listening on ' "$STATE/out"; then break; fi
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then cat "$STATE/err" >&2; exit 1; fi
  sleep 0.1
done
BASE_URL=$(sed -n 's/^listening on //p' "$STATE/out" | head -n 1)
[ -n "$BASE_URL" ] || { echo "server did not start" >&2; cat "$STATE/err" >&2; exit 1; }
echo "server at $BASE_URL" >&2
status=0
if [ $# -gt 1 ]; then TESTS=(); for t in "${@:2}"; do TESTS+=("$WEB/tests/$(basename "$t")"); done
else TESTS=("$WEB"/tests/*.test.mjs); fi
for t in "${TESTS[@]}"; do
  echo "-- $(basename "$t")" >&2
  BASE_URL="$BASE_URL" OFFICER_TOKEN="$OFFICER_TOKEN" APPROVER_TOKEN="$APPROVER_TOKEN" ADMIN_TOKEN="$ADMIN_TOKEN" CHROMIUM="${CHROMIUM:-/usr/bin/chromium}" node "$t" || status=1
done
exit $status
