# exportctl whatif / design / timeline / aggregate (the policy lab) from the command line.
source "$(dirname "$0")/lib.bash"

# Design: the H20 from the H100 (TPP just under 2400 -> FP16 150) and the RTX 4090 D from the 4090.
expect_exit 0 -- "$EXPORTCTL" design --chip H100 --to CN --as-of 2025-06-01
expect_out "^3A090/4A090 "
expect_out "tpp +< 2400\.0 +\(today 15831\.2, cut 84\.8%\)"
expect_out "fp16 150\.0"
expect_out "US-ISINF-2025-H20-EQUIV \[uncertain\]"
expect_out "memory_bandwidth +< 1400\.0 GB/s"
expect_exit 0 -- "$EXPORTCTL" design --chip "RTX 4090" --to CN --as-of 2024-06-01 --format json
expect_out '"id": "US-EAR-ACS23-3A090-NOTE2"'
expect_out '"goal": "inside"'
expect_exit 0 -- "$EXPORTCTL" design --chip A100 --to CN --as-of 2023-03-01
expect_out "US-EAR-OCT22-3A090.a"
expect_out "interconnect +< 600\.0 GB/s"
expect_exit 0 -- "$EXPORTCTL" design --chip H100 --to CN --as-of 2025-06-01 --keep fp64 --format json
expect_out '"fp64": 37\.49'
expect_exit 2 -- "$EXPORTCTL" design --chip H100 --to CN --keep fp3
expect_err "unknown precision \`fp3\`"
expect_exit 2 -- "$EXPORTCTL" design --chip H100 --to XX
expect_exit 1 -- "$EXPORTCTL" design --chip H999 --to CN
expect_err "unknown chip \`H999\`"

# Timeline: H20 to China, with the SVG chart.
expect_exit 0 -- "$EXPORTCTL" timeline --chip H20 --to CN --as-of 2026-11-23 --svg "$EXPORTCTL_HOME/h20.svg"
expect_out "^2022-01-01  2023-11-16  EAR99 +no_license_required"
expect_out "^2023-11-17  2025-04-08  3A991.p +no_license_required +US-EAR-3A991.p"
expect_out "^2025-04-09  2025-08-07  3A991.p +license_required \(presumption_of_denial\) +US-ISINF-2025-H20"
expect_out "^2025-08-08  2026-11-23  3A991.p +license_required \(case_by_case\)"
grep -q "<svg" "$EXPORTCTL_HOME/h20.svg" || { echo "FAIL: no SVG written"; failures=$((failures + 1)); }
expect_exit 0 -- "$EXPORTCTL" timeline --chip H200 --to CN --as-of 2026-11-23 --format json
expect_out '"from": "2022-10-07"'
expect_out '"from": "2026-01-15"'
expect_exit 2 -- "$EXPORTCTL" timeline --chip H20 --to CN --from 2022-13-01

# Rules diff: what a candidate rule directory adds, removes and changes, with effective dates.
cp -r "$SRC/data/rules" "$EXPORTCTL_HOME/candidate"
sed -i 's/pd >= 5.92"$/pd >= 7.0"/' "$EXPORTCTL_HOME/candidate/us/classification.toml"
rm "$EXPORTCTL_HOME/candidate/us/exceptions.toml"
expect_exit 0 -- "$EXPORTCTL" rules diff "$SRC/data/rules" "$EXPORTCTL_HOME/candidate"
expect_out "^  ~ US-EAR-ACS23-3A090.a.2 +classification +from 2023-11-17 +when"
expect_out "^removed \\(3\\):"
expect_out "^  - US-EAR-740.19-CCD-CU "
expect_exit 0 -- "$EXPORTCTL" rules diff "$SRC/data/rules" "$EXPORTCTL_HOME/candidate" --format json
expect_out '"fields": \['
printf '[[rule]]\nid = "X"\nkind = "guidance"\nwhen = "tpp >>= 1"\n' > "$EXPORTCTL_HOME/candidate/us/broken.toml"
expect_exit 3 -- "$EXPORTCTL" rules diff "$SRC/data/rules" "$EXPORTCTL_HOME/candidate"
expect_err "broken.toml:[0-9]+:[0-9]+:"
expect_exit 1 -- "$EXPORTCTL" rules diff "$SRC/data/rules" "$EXPORTCTL_HOME/no-such-dir"
expect_err "not found"

# What-if: a draft moving 3A090.a.2's density threshold from 5.92 to 7.0 releases the L4.
cp -r "$SRC/data/rules" "$EXPORTCTL_HOME/draft"
sed -i 's/pd >= 5.92"$/pd >= 7.0"/' "$EXPORTCTL_HOME/draft/us/classification.toml"
expect_exit 0 -- "$EXPORTCTL" whatif --rules "$EXPORTCTL_HOME/draft" --as-of 2025-06-01 --cases "$SRC/tests/cases"
expect_out "modified: US-EAR-ACS23-3A090.a.2 \(from 2023-11-17\)"
expect_out "^classification nvidia-l4 "
expect_out "pd >= 7.0 \(pd = 6.59864\) false"
expect_exit 0 -- "$EXPORTCTL" whatif --rules "$EXPORTCTL_HOME/draft" --as-of 2025-06-01 --cases "$SRC/tests/cases" --format html --out "$EXPORTCTL_HOME/w.html"
grep -q "nvidia-l4" "$EXPORTCTL_HOME/w.html" || { echo "FAIL: html lacks nvidia-l4"; failures=$((failures + 1)); }
expect_exit 0 -- "$EXPORTCTL" whatif --rules "$SRC/data/rules" --as-of 2025-06-01 --cases "$SRC/tests/cases" --format json
expect_out '"changes": \[\]'
expect_exit 2 -- "$EXPORTCTL" whatif --rules "$EXPORTCTL_HOME/nope"
expect_err "draft rule directory \`.*nope\` does not exist"

# Aggregates: mixed order, AI Diffusion caps as a what-if.
expect_exit 0 -- "$EXPORTCTL" aggregate --item H100=1000 --item H20=500 --to IN --as-of 2025-03-01
expect_out "total: 1500 units, TPP 17015200"
expect_out "NEVER ENFORCED"
expect_out "IN was Tier 2"
printf 'chip,quantity\nH100,2000\n' > "$EXPORTCTL_HOME/order.csv"
expect_exit 0 -- "$EXPORTCTL" aggregate --order "$EXPORTCTL_HOME/order.csv" --to IN --as-of 2025-03-01 --format json
expect_out '"within_lpp": false'
expect_exit 2 -- "$EXPORTCTL" aggregate --item H100=abc --to IN
expect_err "quantity \`abc\` is not a number"
expect_exit 2 -- "$EXPORTCTL" aggregate --to IN

# Impact: checks logged in the ledger, a licence in force and an order book, re-decided as of
# 2025-09-01 under a candidate that lowers 3A090.a.1 from TPP 4800 to 2000 (the rule text's figure
# is 4800; the H20's TPP is 2368): the H20 questions flip to 3A090.a.1, the RTX 4090 and the A100
# (3A090 already) do not.
expect_exit 0 -- "$EXPORTCTL" check --chip H20 --to CN --end-user-hq CN --end-user "Example Cloud Ltd" --as-of 2025-01-10
expect_exit 0 -- "$EXPORTCTL" check --chip H20 --to CN --end-user-hq CN --end-user "Example Cloud Ltd" --as-of 2025-01-11
expect_exit 0 -- "$EXPORTCTL" check --chip "RTX 4090" --to DE --end-user-hq DE --as-of 2025-01-10
expect_exit 0 -- "$EXPORTCTL" settings approvals off
expect_exit 0 -- "$EXPORTCTL" licence add --file "$SRC/examples/h20-licence.toml"
cp -r "$SRC/data/rules" "$EXPORTCTL_HOME/impact-rules"
sed -i "s/when = \"item_type != 'hbm' and tpp >= 4800\"/when = \"item_type != 'hbm' and tpp >= 2000\"/" "$EXPORTCTL_HOME/impact-rules/us/classification.toml"
printf 'id,chip,quantity,destination,end_user,end_user_hq\nPO-1,nvidia-h20,10,CN,Example Cloud Ltd,CN\nPO-2,A100,1,DE,Acme GmbH,DE\n' > "$EXPORTCTL_HOME/orders.csv"
expect_exit 5 -- "$EXPORTCTL" impact --rules "$EXPORTCTL_HOME/impact-rules" --as-of 2025-09-01 --since 2020-01-01 --orders "$EXPORTCTL_HOME/orders.csv"
expect_out "modified: US-EAR-ACS23-3A090.a.1 \(from 2023-11-17\)"
expect_out "re-decided as of 2025-09-01: 3 decision_log, 1 licence, 2 orders; 3 would change"
expect_out "^decision [0-9]+ .*nvidia-h20 x1 to CN for Example Cloud Ltd \(and 1 alike\)"
expect_out "^licence D123456: nvidia-h20 to CN for Example Cloud Ltd"
expect_out "orders\.csv:2 PO-1"
expect_out "candidate: license_required \(presumption_of_denial\), eccn 3A090\.a\.1"
expect_exit 5 -- "$EXPORTCTL" impact --rules "$EXPORTCTL_HOME/impact-rules" --as-of 2025-09-01 --no-ledger --orders "$EXPORTCTL_HOME/orders.csv" --format json
expect_out '"orders": 2'
expect_out '"reference": "[^"]*orders\.csv:2 PO-1"'
# The rules in force as the candidate: nothing changes (exit 0).
expect_exit 0 -- "$EXPORTCTL" impact --rules "$SRC/data/rules" --as-of 2025-09-01 --since 2020-01-01
expect_out "; 0 would change"
# A candidate that fails validation changes nothing and says where; so does a bad order row.
sed -i 's/tpp >= 2000"/tpp >== 2000"/' "$EXPORTCTL_HOME/impact-rules/us/classification.toml"
expect_exit 3 -- "$EXPORTCTL" impact --rules "$EXPORTCTL_HOME/impact-rules" --as-of 2025-09-01
expect_err "classification\.toml:[0-9]+:[0-9]+"
printf 'chip,quantity,destination\nH20,"10\n' > "$EXPORTCTL_HOME/bad.csv"
expect_exit 2 -- "$EXPORTCTL" impact --rules "$SRC/data/rules" --no-ledger --orders "$EXPORTCTL_HOME/bad.csv"
expect_err "bad\.csv:2"
expect_exit 2 -- "$EXPORTCTL" impact --rules "$EXPORTCTL_HOME/nowhere"
expect_err "does not exist"

finish
