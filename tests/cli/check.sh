# exportctl check: outcomes as exit codes, JSON contract, batch with bad rows.
source "$(dirname "$0")/lib.bash"

expect_exit 0 -- "$EXPORTCTL" check --chip H20 --qty 1000 --to CN --as-of 2025-04-08
expect_out "OUTCOME: no_license_required"
expect_exit 10 -- "$EXPORTCTL" check --chip H20 --qty 1000 --to CN --as-of 2025-05-01
expect_out "OUTCOME: license_required \(presumption_of_denial\)"
expect_out "US-ISINF-2025-H20"
expect_exit 11 -- "$EXPORTCTL" check --chip "RTX 4090" --to CN --end-user-hq CN --as-of 2024-06-01
expect_out "licence exception NAC"
# Without the end user's headquarters the same "go" is a hold naming the fact (exit 13).
expect_exit 13 -- "$EXPORTCTL" check --chip "RTX 4090" --to CN --as-of 2024-06-01
expect_out "OUTCOME: hold"
expect_out "end_user_hq. not given"
expect_exit 10 -- "$EXPORTCTL" check --chip H200 --qty 100 --to CN --end-user-hq CN --as-of 2026-02-01 --format json
for field in as_of outcome license_required eccn review_policy license_exceptions conditions import_restrictions warnings rule_ids citations screening ruleset decision_id; do
  expect_out "\"$field\":"
done
expect_out '"review_policy": "case_by_case"'
expect_exit 10 -- "$EXPORTCTL" check --chip H100 --to MY --end-user "Example Cloud Sdn Bhd" --end-user-hq CN --as-of 2024-06-01 --explain
expect_out "US-EAR-ACS23-HQ"
expect_out "trace:"

# --format csv is CSV (it printed JSON once): the batch's header and one row.
expect_exit 10 -- "$EXPORTCTL" check --chip H20 --to CN --as-of 2025-05-01 --format csv
expect_out "^line,id,decision_id,outcome,eccn,review_policy"
expect_out "^1,,dec_[0-9a-f]+,license_required,3A991.p,presumption_of_denial,"

# Bad input: one clear line each.
expect_exit 2 -- "$EXPORTCTL" check --chip H20 --qty -5 --to XX --as-of 2025-05-01
expect_err "destination: unknown country code .XX."
expect_err "quantity must be a whole number of units from 1 to"
# An unknown end-use tag, region or US content is an error naming it, never ignored.
expect_exit 2 -- "$EXPORTCTL" check --chip "RTX 4090D" --to CN --end-use militray --as-of 2024-06-01
expect_err "unknown end-use tag .militray."
expect_exit 2 -- "$EXPORTCTL" check --chip "RTX 4090D" --to UA-99 --as-of 2024-06-01
expect_err "unknown sub-national code .UA-99."
expect_exit 2 -- "$EXPORTCTL" check --chip H20 --to MY --us-content 120 --as-of 2024-06-01
expect_err "US content is a percentage from 0 to 100"
expect_exit 2 -- "$EXPORTCTL" check --chip H20 --to MY --origin Q1 --as-of 2024-06-01
expect_err "origin .Q1. is not an ISO 3166-1 alpha-2 country code"

# Every layer before the answer: embargoes (exit 10 for any GPU), regions, end uses, residual ECCNs.
for to in IR KP CU SY RU BY UA-43 UA-14; do
  expect_exit 10 -- "$EXPORTCTL" check --chip "RTX 4090D" --to "$to" --as-of 2024-06-01
done
expect_exit 10 -- "$EXPORTCTL" check --chip "RTX 4090" --to RU --end-user-hq RU --as-of 2024-06-01
expect_out "NAC \(US-EAR-APR24-NACACA\): US-EAR-746.8-RU-CCL allows only"
expect_exit 10 -- "$EXPORTCTL" check --chip H20 --to CN --end-use military --as-of 2024-06-01
expect_out "US-EAR-744.21-CN-RU-VE"
expect_exit 0 -- "$EXPORTCTL" check --chip H20 --to CN --as-of 2024-06-01
expect_out "classification: 3A991.p"
expect_exit 10 -- "$EXPORTCTL" check --contains "8x L20" --to IR --as-of 2024-06-01
expect_out "classification: 4A994.l"
expect_out "contains 8 x NVIDIA L20"
expect_exit 10 -- "$EXPORTCTL" check --chip "Ascend 910C" --to MY --ship-from CN --end-user-hq MY --as-of 2025-06-01
expect_out "US-GUID-2025-05"
expect_exit 13 -- "$EXPORTCTL" check --chip H20 --to CN --exporter "Example Distribution Ltd" --as-of 2025-09-01
expect_out "rests only on \[I\] evidence"
expect_exit 2 -- "$EXPORTCTL" check --chip H20 --to CN --as-of 2025-13-01
expect_err "invalid date"
expect_exit 2 -- "$EXPORTCTL" check --chip H20 --to CN --owner "NoShare"
expect_err "expected NAME=SHARE"
expect_exit 1 -- "$EXPORTCTL" check --chip H2O --to CN

# Batch: every row decided or reported, never stopping at the first bad one.
cat > "$EXPORTCTL_HOME/orders.csv" <<'CSV'
id,chip,quantity,destination,end_user_hq,as_of
a1,H20,1000,CN,,2025-05-01
a2,H2O,10,CN,,2025-05-01
a3,H100,-4,XX,,2024-01-01
a4,RTX 4090,10,CN,CN,2024-06-01
a5,"H100",5,"MY",CN,2024-06-01
a6,H100,5,DE
CSV
expect_exit 2 -- "$EXPORTCTL" check --batch "$EXPORTCTL_HOME/orders.csv" --out "$EXPORTCTL_HOME/out.jsonl"
expect_err "6 rows .* 1 licence exception, 2 licence required, 0 prohibited, 0 held, 3 bad rows"
expect_err "orders.csv:3: unknown chip .H2O."
expect_err "orders.csv:4: .*unknown country code .XX."
expect_err "orders.csv:7: 4 fields, but the header has 6"
[ "$(wc -l < "$EXPORTCTL_HOME/out.jsonl")" = 6 ] || { echo "FAIL: want 6 output rows"; failures=$((failures+1)); }
grep -q '"id":"a1".*"outcome":"license_required"' "$EXPORTCTL_HOME/out.jsonl" || { echo "FAIL: a1"; failures=$((failures+1)); }
grep -q '"id":"a5".*"US-EAR-ACS23-HQ"' "$EXPORTCTL_HOME/out.jsonl" || { echo "FAIL: a5"; failures=$((failures+1)); }
printf '{"id":"j1","chip":"H200","destination":"CN","end_user_hq":"CN","quantity":10,"as_of":"2026-02-01"}\n{not json}\n{"id":"j3","spec":{"id":"x","name":"X","designed_for":"datacenter","die_area_mm2":400,"dense_tops":{"bf16":148}},"destination":"CN","as_of":"2024-06-01"}\n' > "$EXPORTCTL_HOME/orders.jsonl"
expect_exit 2 -- "$EXPORTCTL" check --batch "$EXPORTCTL_HOME/orders.jsonl"
expect_out '"id":"j1".*"review_policy":"case_by_case"'
expect_out '"line":2,"id":"","error":"malformed JSON"'
expect_out '"id":"j3".*"eccn":"3A090.a.2"'

finish
