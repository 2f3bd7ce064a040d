# exportctl token create and exportctl serve: users' tokens stored hashed in the ledger, the server
# prints its address, admin reload over HTTP with role checks, SIGHUP reload, clean stop on SIGTERM.
source "$(dirname "$0")/lib.bash"

expect_exit 2 -- "$EXPORTCTL" token create --user ci --role superuser
expect_exit 2 -- "$EXPORTCTL" token create --role admin
expect_exit 0 -- "$EXPORTCTL" token create --user ci --role admin --label "ci runner"
expect_out '^ect_[0-9a-f]{40}$'
ADMIN=$(cat "$EXPORTCTL_HOME/out")
expect_exit 0 -- "$EXPORTCTL" token create --user vera --role viewer
VIEWER=$(cat "$EXPORTCTL_HOME/out")
# Only hashes are stored: the secrets never appear in the ledger database.
if grep -aq "$ADMIN" "$EXPORTCTL_HOME"/ledger.sqlite* || grep -aq "$VIEWER" "$EXPORTCTL_HOME"/ledger.sqlite*; then
  echo "FAIL: a token secret is stored in clear"; failures=$((failures + 1))
fi
expect_exit 0 -- "$EXPORTCTL" token list
expect_out '^[0-9a-f]{12} +ci +admin +ci runner +os:'
# A token's user is not the local operator: only it may approve; a viewer may not create tokens.
expect_exit 1 -- "$EXPORTCTL" --token "$VIEWER" token create --user mallory --role admin
expect_err "needs an admin token"

"$EXPORTCTL" serve --port 0 --threads 2 --web-dir /nonexistent >"$EXPORTCTL_HOME/serve.out" 2>"$EXPORTCTL_HOME/serve.err" &
PID=$!
for _ in $(seq 1 300); do grep -q '^listening on ' "$EXPORTCTL_HOME/serve.out" && break; sleep 0.1; done
URL=$(sed -n 's/^listening on //p' "$EXPORTCTL_HOME/serve.out")
case "$URL" in http://127.0.0.1:[0-9]*) ;; *) echo "FAIL: no 'listening on http://127.0.0.1:PORT' line"; cat "$EXPORTCTL_HOME/serve.err"; failures=$((failures + 1)) ;; esac
expect_exit 0 -- grep -q 'golden corpus passed' "$EXPORTCTL_HOME/serve.out"

code() { curl -s -o "$EXPORTCTL_HOME/body" -w '%{http_code}' "$@"; }
# A path that is not UTF-8 (or holds a NUL) is refused with a JSON error naming the path.
[ "$(code "$URL/v1/catalog/%ff%fe")" = 400 ] && grep -q '"field":"path"' "$EXPORTCTL_HOME/body" || { echo "FAIL: a non-UTF-8 path"; failures=$((failures + 1)); }
[ "$(code "$URL/v1/catalog/H20%00x")" = 400 ] && grep -q '"field":"path"' "$EXPORTCTL_HOME/body" || { echo "FAIL: a NUL in the path"; failures=$((failures + 1)); }
[ "$(code -X POST -d "" "$URL/v1/admin/reload")" = 401 ] || { echo "FAIL: reload without a token is not 401"; failures=$((failures + 1)); }
[ "$(code -X POST -d "" -H "Authorization: Bearer $VIEWER" "$URL/v1/admin/reload")" = 403 ] || { echo "FAIL: reload as viewer is not 403"; failures=$((failures + 1)); }
[ "$(code -X POST -d "" -H "Authorization: Bearer $ADMIN" "$URL/v1/admin/reload")" = 200 ] || { echo "FAIL: reload as admin is not 200"; failures=$((failures + 1)); }
expect_exit 0 -- grep -q '"snapshot":2' "$EXPORTCTL_HOME/body"
kill -HUP "$PID"
for _ in $(seq 1 100); do grep -q 'reloaded (snapshot 3)' "$EXPORTCTL_HOME/serve.err" && break; sleep 0.1; done
expect_exit 0 -- grep -q 'reloaded (snapshot 3)' "$EXPORTCTL_HOME/serve.err"
[ "$(code "$URL/health")" = 200 ] && grep -q '"snapshot":3' "$EXPORTCTL_HOME/body" || { echo "FAIL: health after SIGHUP"; failures=$((failures + 1)); }
kill -TERM "$PID"
wait "$PID"
rc=$?
[ "$rc" = 0 ] || { echo "FAIL: serve exited $rc on SIGTERM"; failures=$((failures + 1)); }
finish
