# Two `exportctl serve` processes on one PostgreSQL ledger, many clients shipping single units
# against one licence through both at once: exactly the cap is shipped, every other shipment is
# refused (409 refused, nothing written), the balance is exactly the cap, an idempotent retry on
# the other server replays instead of shipping twice, and the audit chain verifies. Both servers
# see the same users: a licence proposed on one is approved by a second officer on the other, and
# a clearance approved on one server changes the answer of the other within seconds.
# Runs in a fresh schema of the database named by EXPORTCTL_TEST_PG_URL (dropped afterwards);
# skipped (exit 77) when it is unset: `source scripts/start-postgres.sh` first.
source "$(dirname "$0")/lib.bash"

if [ -z "${EXPORTCTL_TEST_PG_URL:-}" ]; then
  echo "SKIP: EXPORTCTL_TEST_PG_URL is not set: the two-servers-on-one-PostgreSQL test needs a database (source scripts/start-postgres.sh)"
  exit 77
fi

CAP=20          # licence quantity cap
REQUESTS=48     # single-unit shipments, half to each server
PARALLEL=16     # concurrent clients
SCHEMA="two_servers_$$_${RANDOM}"
NUMBER="TWO-$$-${RANDOM}"
case "$EXPORTCTL_TEST_PG_URL" in *\?*) SEP='&' ;; *) SEP='?' ;; esac
DB="${EXPORTCTL_TEST_PG_URL}${SEP}options=-csearch_path%3D${SCHEMA}"
WORK="$EXPORTCTL_HOME/work"
mkdir -p "$WORK"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; done
  psql -q "$EXPORTCTL_TEST_PG_URL" -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" >/dev/null 2>&1
  rm -rf "$EXPORTCTL_HOME"
}
trap cleanup EXIT

psql -q -v ON_ERROR_STOP=1 "$EXPORTCTL_TEST_PG_URL" -c "CREATE SCHEMA $SCHEMA" >/dev/null || { echo "FAIL: cannot create schema"; exit 1; }
expect_exit 0 -- "$EXPORTCTL" db migrate --db "$DB"
expect_exit 0 -- "$EXPORTCTL" token create --user alice --role officer --label two-servers --db "$DB"
TOKEN=$(cat "$EXPORTCTL_HOME/out")
expect_exit 0 -- "$EXPORTCTL" token create --user bob --role officer --label two-servers --db "$DB"
APPROVER=$(cat "$EXPORTCTL_HOME/out")

start_server() {  # start_server NAME: prints its URL
  "$EXPORTCTL" serve --port 0 --threads 4 --web-dir /nonexistent --no-smoke --db "$DB" \
    >"$WORK/$1.out" 2>"$WORK/$1.err" &
  PIDS+=($!)
}
start_server a
start_server b
for name in a b; do
  for _ in $(seq 1 300); do grep -q '^listening on ' "$WORK/$name.out" && break; sleep 0.1; done
done
A=$(sed -n 's/^listening on //p' "$WORK/a.out")
B=$(sed -n 's/^listening on //p' "$WORK/b.out")
if [ -z "$A" ] || [ -z "$B" ]; then echo "FAIL: a server did not start"; cat "$WORK"/*.err; exit 1; fi

post() {  # post URL PATH BODY [KEY]: prints the HTTP status, the body goes to $WORK/last (as $AS, default alice)
  curl -s --max-time 60 -o "$WORK/last" -w '%{http_code}' -X POST -H "Authorization: Bearer ${AS:-$TOKEN}" \
    -H 'Content-Type: application/json' ${4:+-H "Idempotency-Key: $4"} -d "$3" "$1$2"
}
LICENCE='{"number":"'"$NUMBER"'","holder":"Acme","authority":"BIS","items":["nvidia-h20"],"destinations":["CN"],
  "consignees":["Example Cloud Ltd"],"quantity_cap":'"$CAP"',"value_cap":"100000000.00","currency":"USD",
  "valid_from":"2026-01-01","valid_to":"2026-12-31"}'
# Four eyes across servers: alice proposes on A, bob approves on B.
[ "$(post "$A" /v1/licences "$LICENCE")" = 202 ] || { echo "FAIL: licence not proposed"; cat "$WORK/last"; exit 1; }
CHANGE=$(sed -n 's/.*"id":\([0-9]*\).*/\1/p' "$WORK/last")
[ "$(post "$B" "/v1/changes/$CHANGE/approve" '{}')" = 403 ] || { echo "FAIL: alice approved her own licence"; cat "$WORK/last"; exit 1; }
[ "$(AS=$APPROVER post "$B" "/v1/changes/$CHANGE/approve" '{}')" = 200 ] || { echo "FAIL: licence not approved"; cat "$WORK/last"; exit 1; }

# One single-unit shipment per request, odd ones to server A, even ones to B, PARALLEL at a time.
SHIPMENT='{"licence":"'"$NUMBER"'","chip":"nvidia-h20","destination":"CN","consignee":"Example Cloud Ltd","quantity":1,"unit_price":"1000.00","currency":"USD","date":"2026-03-01"}'
export A B TOKEN SHIPMENT WORK SCHEMA
seq 1 "$REQUESTS" | xargs -P "$PARALLEL" -n 1 bash -c '
  i=$1; if [ $((i % 2)) = 1 ]; then url=$A; server=a; else url=$B; server=b; fi
  code=$(curl -s --max-time 60 -o "$WORK/body.$i" -w "%{http_code}" -X POST -H "Authorization: Bearer $TOKEN" \
    -H "Content-Type: application/json" -H "Idempotency-Key: $SCHEMA-$i" -d "$SHIPMENT" "$url/v1/shipments")
  echo "$server $code" >"$WORK/code.$i"' _

accepted=$(cat "$WORK"/code.* | grep -c ' 201$')
refused=$(cat "$WORK"/code.* | grep -c ' 409$')
echo "$REQUESTS shipments of 1 unit against a cap of $CAP: $accepted accepted (server a: $(cat "$WORK"/code.* | grep -c '^a 201$'), b: $(cat "$WORK"/code.* | grep -c '^b 201$')), $refused refused"
[ "$accepted" = "$CAP" ] || { echo "FAIL: $accepted shipments accepted, want exactly $CAP"; failures=$((failures + 1)); }
[ "$refused" = $((REQUESTS - CAP)) ] || { echo "FAIL: $refused refused, want $((REQUESTS - CAP))"; sort "$WORK"/code.* | uniq -c; failures=$((failures + 1)); }
for server in a b; do
  grep -q "^$server 201$" "$WORK"/code.* || { echo "FAIL: server $server recorded no shipment"; failures=$((failures + 1)); }
done
for i in $(seq 1 "$REQUESTS"); do
  if grep -q ' 409$' "$WORK/code.$i" && ! grep -q '"code":"refused".*exceeds the remaining 0' "$WORK/body.$i"; then
    echo "FAIL: request $i was not refused for the cap: $(cat "$WORK/body.$i")"; failures=$((failures + 1))
  fi
done

# A retry of an accepted shipment on the other server replays it: nothing is shipped twice.
first=$(grep -l ' 201$' "$WORK"/code.* | head -n 1)
i=${first##*.}
if [ $((i % 2)) = 1 ]; then other=$B; else other=$A; fi
[ "$(post "$other" /v1/shipments "$SHIPMENT" "$SCHEMA-$i")" = 200 ] && grep -q '"replayed":true' "$WORK/last" ||
  { echo "FAIL: retry of shipment $i on the other server: $(cat "$WORK/last")"; failures=$((failures + 1)); }

curl -s "$B/v1/reports/balances?licence=$NUMBER" >"$WORK/balance"
grep -q "\"quantity_used\":$CAP" "$WORK/balance" && grep -q '"quantity_remaining":0' "$WORK/balance" ||
  { echo "FAIL: balance after the run: $(cat "$WORK/balance")"; failures=$((failures + 1)); }
curl -s "$A/v1/audit/verify" >"$WORK/verify"
grep -q '"ok":true' "$WORK/verify" || { echo "FAIL: audit verify: $(cat "$WORK/verify")"; failures=$((failures + 1)); }
expect_exit 0 -- "$EXPORTCTL" audit verify --db "$DB"
# The two users' tokens, the bundled list version the servers decide with (recorded once), the
# licence's change request, version and approval, the one decision every shipment shares (same
# question), the shipments.
expect_out "audit log ok: $((CAP + 7)) entries"

# A clearance approved through server B changes server A's answer (A follows the ledger's
# clearances within a second): a German consultancy whose name is close to a listed Beijing GPU
# maker is held until the possible match is cleared by two people.
CHECK='{"chip":"nvidia-rtx-4090","destination":"DE","end_user":"Moore Threads Consulting GmbH","end_user_hq":"DE","as_of":"2026-12-01"}'
[ "$(post "$A" /v1/check "$CHECK")" = 200 ] && grep -q '"outcome":"hold"' "$WORK/last" ||
  { echo "FAIL: the near-match is not held: $(cat "$WORK/last")"; failures=$((failures + 1)); }
CLEARANCE='{"party":"Moore Threads Consulting GmbH","list":"entity-list-curated","entry_id":"el-8a8005329e8a","reason":"German IT consultancy, not the listed Beijing GPU maker"}'
[ "$(post "$A" /v1/clearances "$CLEARANCE")" = 202 ] || { echo "FAIL: clearance not proposed: $(cat "$WORK/last")"; failures=$((failures + 1)); }
CHANGE=$(sed -n 's/.*"id":\([0-9]*\).*/\1/p' "$WORK/last")
[ "$(post "$A" /v1/check "$CHECK")" = 200 ] && grep -q '"outcome":"hold"' "$WORK/last" ||
  { echo "FAIL: a clearance without its second approver changed the answer"; failures=$((failures + 1)); }
[ "$(AS=$APPROVER post "$B" "/v1/changes/$CHANGE/approve" '{}')" = 200 ] || { echo "FAIL: clearance not approved: $(cat "$WORK/last")"; failures=$((failures + 1)); }
cleared=no
for _ in $(seq 1 50); do
  post "$A" /v1/check "$CHECK" >/dev/null
  grep -q '"outcome":"no_license_required"' "$WORK/last" && grep -q '"band":"cleared"' "$WORK/last" && { cleared=yes; break; }
  sleep 0.2
done
[ "$cleared" = yes ] || { echo "FAIL: server A does not apply the clearance approved on B: $(cat "$WORK/last")"; failures=$((failures + 1)); }

# The CLI on the same ledger gives the servers' answers, the clearance included: the same
# screening bands and the same decision (one decision id covers request, rules and lists).
bands() { python3 -c 'import json,sys; print(" ".join(h["band"] for h in json.load(open(sys.argv[1]))["hits"]))' "$1"; }
[ "$(post "$A" /v1/screen '{"name":"Moore Threads Consulting GmbH"}')" = 200 ] || { echo "FAIL: POST /v1/screen"; failures=$((failures + 1)); }
server_bands=$(bands "$WORK/last")
"$EXPORTCTL" screen "Moore Threads Consulting GmbH" --format json --db "$DB" >"$WORK/cli-screen" 2>"$WORK/cli-err"
cli_bands=$(bands "$WORK/cli-screen")
[ -n "$server_bands" ] && [ "$server_bands" = "$cli_bands" ] ||
  { echo "FAIL: screening bands differ: server [$server_bands], CLI [$cli_bands] $(cat "$WORK/cli-err")"; failures=$((failures + 1)); }
post "$A" /v1/check "$CHECK" >/dev/null
server_id=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["decision_id"])' "$WORK/last")
"$EXPORTCTL" check --chip nvidia-rtx-4090 --to DE --end-user "Moore Threads Consulting GmbH" --end-user-hq DE \
  --as-of 2026-12-01 --format json --db "$DB" >"$WORK/cli-check" 2>"$WORK/cli-err"
cli_id=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["decision_id"])' "$WORK/cli-check")
[ "$server_id" = "$cli_id" ] ||
  { echo "FAIL: the CLI's decision $cli_id is not the server's $server_id: $(cat "$WORK/cli-err")"; failures=$((failures + 1)); }
finish
