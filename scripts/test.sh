#!/usr/bin/env bash
# Installs what is needed, builds, and runs every test: unit, golden corpus, CLI (an install into a
# moved prefix included), HTTP API (server_api_test, validated against server/openapi.json),
# reliability (hostile input and clients) and browser tests (web.browser: headless Debian Chromium
# via playwright-core against `exportctl serve`) in the release build; the Debian package of that
# build installed with dpkg and smoke-tested; the tests again under ASan+UBSan (clang), and each
# libFuzzer target of that build for a few seconds.
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

echo "== the Debian package of that build: installed with dpkg, smoke-tested, removed"
SUDO=""; if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
rm -f build/release/exportctl_*.deb
(cd build/release && cpack -G DEB >/dev/null)
$SUDO dpkg -i build/release/exportctl_*.deb >/dev/null
smoke_home="$(mktemp -d)"
classified="$(/usr/bin/exportctl --home "$smoke_home" classify --chip H20 --as-of 2025-06-01)"
grep -q "3A991\.p" <<<"$classified"
status=0; /usr/bin/exportctl --home "$smoke_home" check --chip H100 --to CN --end-user-hq CN --as-of 2025-06-01 >/dev/null || status=$?
[ "$status" = 10 ] || { echo "the packaged exportctl: check exit $status, want 10" >&2; exit 1; }
/usr/bin/exportctl --home "$smoke_home" rules lint >/dev/null
man -w exportctl >/dev/null 2>&1 || [ -f /usr/share/man/man1/exportctl.1.gz ] || [ -f /usr/share/man/man1/exportctl.1 ]
rm -rf "$smoke_home"
$SUDO dpkg -r exportctl >/dev/null
echo "packaged, installed and run from /usr: ok"

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
