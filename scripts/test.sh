#!/usr/bin/env bash
# Installs what is needed, builds, and runs every test: unit, golden corpus, CLI, HTTP API
# (server_api_test, validated against server/openapi.json) and browser tests (web.browser: headless
# Debian Chromium via playwright-core against `exportctl serve`) in the release build, the same under
# ASan+UBSan (clang), and each libFuzzer target of that build for a few seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh

echo "== PostgreSQL on loopback for the ledger tests"
source scripts/start-postgres.sh
trap 'bash scripts/start-postgres.sh stop >/dev/null 2>&1 || true' EXIT

echo "== release build and tests"
bash scripts/build.sh release
(cd web && npm run build)
ctest --preset release -j 2

echo "== ASan+UBSan build and tests"
bash scripts/build.sh asan
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --preset asan -j 2

echo "== fuzzers (a few seconds each)"
fuzzers=0
for fuzzer in build/asan/fuzz/*_fuzz; do
  [ -x "$fuzzer" ] || continue
  fuzzers=$((fuzzers + 1))
  corpus="fuzz/corpus/$(basename "$fuzzer")"
  mkdir -p "$corpus"
  echo "-- $(basename "$fuzzer")"
  "$fuzzer" -max_total_time="${FUZZ_SECONDS:-8}" -print_final_stats=0 "$corpus" 2>&1 | tail -n 2
done
[ "$fuzzers" -gt 0 ] || { echo "no fuzzers were built" >&2; exit 1; }
echo "all tests passed"
