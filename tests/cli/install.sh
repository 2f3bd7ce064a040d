# An installed exportctl runs from wherever its tree is put: `cmake --install` into a temporary
# prefix, move the tree, then classify, check and serve (health, the OpenAPI document, the page)
# from there, with nothing of the source or build tree compiled into the binary.
source "$(dirname "$0")/lib.bash"
BUILD=$(cd "$(dirname "$EXPORTCTL")/.." && pwd)
cmake --install "$BUILD" --prefix "$EXPORTCTL_HOME/first" >"$EXPORTCTL_HOME/install.log" 2>&1 \
  || { echo "FAIL: cmake --install"; cat "$EXPORTCTL_HOME/install.log"; exit 1; }
mv "$EXPORTCTL_HOME/first" "$EXPORTCTL_HOME/moved"
P="$EXPORTCTL_HOME/moved"
X() { env -u EXPORTCTL_DATA -u EXPORTCTL_DATA_DIR "$P/bin/exportctl" --home "$EXPORTCTL_HOME/state" "$@"; }

for f in bin/exportctl share/exportctl/data/rules/ruleset.toml share/exportctl/openapi.json \
         share/exportctl/cases/check/section232.toml share/man/man1/exportctl.1 share/bash-completion/completions/exportctl; do
  [ -e "$P/$f" ] || { echo "FAIL: $f not installed"; failures=$((failures + 1)); }
done
if grep -qF "$SRC/data" "$P/bin/exportctl" || grep -qF "$BUILD/share" "$P/bin/exportctl"; then
  echo "FAIL: the binary names a path of the source or build tree"; failures=$((failures + 1))
fi

expect_exit 0 -- X classify --chip H20 --as-of 2025-06-01
expect_out "3A991\.p"
expect_exit 10 -- X check --chip H100 --to CN --end-user-hq CN --as-of 2025-06-01
expect_out "^OUTCOME: license_required \(presumption_of_denial\)"
expect_exit 0 -- X rules lint
expect_exit 0 -- X manpage
expect_out "^\.TH EXPORTCTL 1"

# serve: the installed golden corpus passes its smoke test, and the files it serves are the tree's.
# Started without the X function, so that $! is the server itself (env execs it), not a subshell
# that a kill would leave the server running behind; stopped whatever happens.
env -u EXPORTCTL_DATA -u EXPORTCTL_DATA_DIR "$P/bin/exportctl" --home "$EXPORTCTL_HOME/state" \
  serve --port 0 --threads 2 >"$EXPORTCTL_HOME/serve.out" 2>"$EXPORTCTL_HOME/serve.err" &
PID=$!
trap 'kill -TERM "$PID" 2>/dev/null || true; rm -rf "$EXPORTCTL_HOME"' EXIT  # lib.bash's clean-up too
for _ in $(seq 1 300); do grep -q '^listening on ' "$EXPORTCTL_HOME/serve.out" && break; sleep 0.1; done
URL=$(sed -n 's/^listening on //p' "$EXPORTCTL_HOME/serve.out")
expect_exit 0 -- grep -q 'golden corpus passed' "$EXPORTCTL_HOME/serve.out"
expect_exit 0 -- curl -sf "$URL/health"
expect_out '"status":"ok"'
expect_exit 0 -- curl -sf "$URL/openapi.json"
expect_out '"openapi"'
if [ -f "$P/share/exportctl/web/index.html" ]; then
  expect_exit 0 -- curl -sf "$URL/"
  expect_out "<!doctype html>|<!DOCTYPE html>"
else
  expect_exit 22 -- curl -sf "$URL/"  # no web build: a 503 page saying how to build it
fi
kill -TERM "$PID"; wait "$PID" 2>/dev/null
finish
