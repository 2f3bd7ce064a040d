# Helpers for CLI tests: `source "$(dirname "$0")/lib.bash"` after setting EXPORTCTL and SRC.
set -u
EXPORTCTL="$1"
SRC="$2"
TEST_DATA="${3:-}"  # tests/data unpacked by CMake (real list files)
export EXPORTCTL_HOME="$(mktemp -d)"
trap 'rm -rf "$EXPORTCTL_HOME"' EXIT
failures=0
# expect_exit CODE -- command…: runs the command, checks its exit code, keeps stdout/stderr.
expect_exit() {
  local want="$1"; shift; [ "$1" = "--" ] && shift
  "$@" >"$EXPORTCTL_HOME/out" 2>"$EXPORTCTL_HOME/err"
  local got=$?
  if [ "$got" != "$want" ]; then
    echo "FAIL: exit $got, want $want: $*"; sed 's/^/  stdout: /' "$EXPORTCTL_HOME/out" | head -20; sed 's/^/  stderr: /' "$EXPORTCTL_HOME/err" | head -20
    failures=$((failures + 1))
  fi
}
# expect_out PATTERN / expect_err PATTERN: grep -E on the last command's stdout / stderr.
expect_out() { grep -qE -- "$1" "$EXPORTCTL_HOME/out" || { echo "FAIL: stdout lacks /$1/"; head -30 "$EXPORTCTL_HOME/out"; failures=$((failures + 1)); }; }
expect_err() { grep -qE -- "$1" "$EXPORTCTL_HOME/err" || { echo "FAIL: stderr lacks /$1/"; cat "$EXPORTCTL_HOME/err"; failures=$((failures + 1)); }; }
finish() { if [ "$failures" -gt 0 ]; then echo "$failures failure(s)"; exit 1; fi; echo "ok"; exit 0; }
