# exportctl screen / lists: real list data (tests/data, unpacked into the build), exit codes 0/20/21, list versions
# and their diff, a failed import that loses nothing, the whitelist, and batch screening.
source "$(dirname "$0")/lib.bash"
LISTS="$TEST_DATA/lists"
[ -f "$LISTS/ofac/sdn-2024-04-04.csv" ] || { echo "FAIL: real list data missing under $LISTS"; exit 1; }

# The bundled Entity List excerpt, screened in Chinese script and in English.
expect_exit 20 -- "$EXPORTCTL" screen "北京智谱华章科技有限公司"
expect_out "block +1\.000 +entity-list-curated .*Beijing Zhipu Huazhang Technology Co\., Ltd\."
expect_out "listed: 2025-01-16"
expect_exit 20 -- "$EXPORTCTL" screen "摩尔线程智能科技(北京)有限责任公司" --format json
expect_out '"entry_name": "Moore Thread Intelligent Technology \(Beijing\) Co\., Ltd\."'
expect_exit 0 -- "$EXPORTCTL" screen "Shanghai Bilibili Technology Co., Ltd."
expect_out "^clear"
# The pinyin of the Chinese name, legal form included, meets the English listing.
expect_exit 20 -- "$EXPORTCTL" screen "Beijing Zhipu Huazhang Keji Youxian Gongsi"
expect_out "block +1\.000 .*Beijing Zhipu Huazhang Technology Co\., Ltd\."
# A name in a script with no transliteration (Sinhala) is not "clear": exit 21, and JSON says what was not read.
expect_exit 21 -- "$EXPORTCTL" screen "මහින්ද රාජපක්ෂ"
expect_out "^not screened in full: .*\(Sinhala\)"
expect_exit 21 -- "$EXPORTCTL" screen "Lanka රාජපක්ෂ Trading" --format json
expect_out '"scripts": "Sinhala"'
# Khmer is read through its letter table: Pol Pot in Khmer letters is clear of the bundled lists (exit 0).
expect_exit 0 -- "$EXPORTCTL" screen "ប៉ុល ពត"
expect_out "^clear"
# Part of a listed name with other words: a review-band hit only (exit 21).
expect_exit 21 -- "$EXPORTCTL" screen "Zhipu Huazhang Education Consulting"
expect_out "^  review 0\.[0-9]+ +entity-list-curated el-103313c2a55a"

# Versions: import OFAC SDN of 2024-04-04, then 2024-05-03; a party designated between them.
ADDED="WUHAN GLOBAL SENSOR TECHNOLOGY CO., LTD."
expect_exit 0 -- "$EXPORTCTL" lists import --source sdn "$LISTS/ofac/sdn-2024-04-04.csv"
expect_out "imported sdn v1: 14574 entries"
expect_exit 0 -- "$EXPORTCTL" screen "$ADDED" --lists sdn
expect_exit 0 -- "$EXPORTCTL" lists import --source sdn "$LISTS/ofac/sdn-2024-05-03.csv"
expect_out "imported sdn v2: 14965 entries"
expect_exit 20 -- "$EXPORTCTL" screen "$ADDED" --lists sdn
expect_out "block +1\.000 +sdn 46633 "
expect_exit 0 -- "$EXPORTCTL" lists diff sdn@v1 sdn@v2
expect_out "^403 added, 12 removed, 6 changed"
expect_out "^\+ 46633 WUHAN GLOBAL SENSOR TECHNOLOGY"

# A truncated file is refused with file:line and the stored version stays v2.
head -n 100 "$LISTS/ofac/sdn-2024-05-03.csv" > "$EXPORTCTL_HOME/truncated.csv"
printf '99999,"CUT OFF MID-RECORD,-0- \n' >> "$EXPORTCTL_HOME/truncated.csv"
expect_exit 3 -- "$EXPORTCTL" lists import --source sdn "$EXPORTCTL_HOME/truncated.csv"
expect_err "truncated\.csv:101: unterminated quoted field"
expect_exit 0 -- "$EXPORTCTL" lists status
expect_out "^sdn +imported +v2 +14965"

# The UN consolidated list (XML) and the trade.gov consolidated screening list (CSV).
expect_exit 0 -- "$EXPORTCTL" lists import --source un "$LISTS/un/UN_consolidated.xml"
expect_out "imported un v1"
expect_exit 0 -- "$EXPORTCTL" lists import --source csl "$LISTS/csl/consolidated-sample.csv"
expect_out "imported csl v1"

# Clearances (the whitelist, kept in the ledger under four eyes): a reviewed false positive is
# cleared for that party and entry only, and only once a second user approves.
expect_exit 0 -- "$EXPORTCTL" screen whitelist add --party "Zhipu Huazhang Education Consulting" \
  --list entity-list-curated --entry el-103313c2a55a --reason "test: cleared by review"
expect_out "change request #1: clearance .* pending"
expect_exit 21 -- "$EXPORTCTL" screen "Zhipu Huazhang Education Consulting"
expect_out "review .*el-103313c2a55a"
# The local operator cannot approve (not authenticated), nor can the requester with a token.
expect_exit 1 -- "$EXPORTCTL" approvals approve 1
expect_err "cannot approve"
expect_exit 0 -- "$EXPORTCTL" token create --user qa --role officer
QA=$(cat "$EXPORTCTL_HOME/out")
expect_exit 0 -- "$EXPORTCTL" --token "$QA" approvals approve 1 --note "second review"
expect_out "applied by qa"
# Clearing is per entry: the Hangzhou affiliate (listed the same day) is still a review hit.
expect_exit 21 -- "$EXPORTCTL" screen "Zhipu Huazhang Education Consulting"
expect_out "review .*el-b48e6ada5e44"
expect_out "whitelisted: clearance #1 requested by os:.*, approved by qa"
# An import of clearances goes through the same approval; a bad row refuses the whole file.
printf 'party,list,entry_id,reason,expires\n"Zhipu Huazhang Education Consulting",entity-list-curated,el-b48e6ada5e44,"test: cleared by review",2027-01-01\n' \
  >"$EXPORTCTL_HOME/clear.csv"
printf 'party,list,entry_id,reason\nSomeone,entity-list-curated,el-1,\n' >"$EXPORTCTL_HOME/bad-clear.csv"
expect_exit 2 -- "$EXPORTCTL" screen whitelist import "$EXPORTCTL_HOME/bad-clear.csv"
expect_err "bad-clear\.csv:2"
expect_exit 0 -- "$EXPORTCTL" screen whitelist import "$EXPORTCTL_HOME/clear.csv"
expect_out "awaiting a second user"
expect_exit 0 -- "$EXPORTCTL" --token "$QA" approvals approve 2
expect_exit 0 -- "$EXPORTCTL" screen "Zhipu Huazhang Education Consulting"
expect_exit 0 -- "$EXPORTCTL" screen whitelist list
expect_out "el-b48e6ada5e44 .*2027-01-01"
expect_exit 20 -- "$EXPORTCTL" screen "北京智谱华章科技有限公司"

# Batch: a file with a bad row is refused naming every bad row (nothing screened); a good file is
# screened row by row and the worst result decides the exit code.
cat > "$EXPORTCTL_HOME/parties.csv" <<'CSV'
name,type,country
"Shanghai Bilibili Technology Co., Ltd.",entity,CN
上海壁仞智能科技有限公司,entity,CN
"WUHAN GLOBAL SENSOR TECHNOLOGY CO., LTD.",entity,CN
Shanghai Bilibili,entity,CN,extra
CSV
expect_exit 3 -- "$EXPORTCTL" screen --batch "$EXPORTCTL_HOME/parties.csv" --format csv
expect_err "parties\.csv:5: expected 3 columns, found 4"
sed -i '$d' "$EXPORTCTL_HOME/parties.csv"
expect_exit 20 -- "$EXPORTCTL" screen --batch "$EXPORTCTL_HOME/parties.csv" --format csv
expect_out "Shanghai Biren Intelligent Technology Co\., Ltd\."
expect_out "WUHAN GLOBAL SENSOR TECHNOLOGY"
# A party in Sinhala script is listed as not screened in full (band `unread`), and alone makes exit 21.
printf 'name\nLanka Rice Trading\nලංකා සමාගම\n' > "$EXPORTCTL_HOME/sinhala.csv"
expect_exit 21 -- "$EXPORTCTL" screen --batch "$EXPORTCTL_HOME/sinhala.csv" --format csv
expect_out "^ලංකා සමාගම,,,,,,unread,$"
expect_exit 21 -- "$EXPORTCTL" screen --batch "$EXPORTCTL_HOME/sinhala.csv"
expect_out "^0 of 2 parties with hits, 1 not screened in full$"
# Saved screenings report only new or changed hits, but a party not read is said every time.
expect_exit 21 -- "$EXPORTCTL" screen --batch "$EXPORTCTL_HOME/sinhala.csv" --saved sinhala
expect_out "^ලංකා සමාගම: not screened in full: .*\(Sinhala\)"
expect_exit 21 -- "$EXPORTCTL" screen --batch "$EXPORTCTL_HOME/sinhala.csv" --saved sinhala --format json
expect_out '"party": "ලංකා සමාගම"'
expect_exit 1 -- "$EXPORTCTL" screen --batch "$EXPORTCTL_HOME/missing.csv"
expect_err "missing\.csv"
# A saved screening's name cannot reach outside the home directory.
printf 'name\nExample Trading Ltd\n' > "$EXPORTCTL_HOME/p.csv"
expect_exit 2 -- "$EXPORTCTL" screen --batch "$EXPORTCTL_HOME/p.csv" --saved ../../escaped
expect_err "saved screenings stay inside the home directory"
[ ! -e "$EXPORTCTL_HOME/../../escaped.json" ] || { echo "FAIL: wrote outside the home directory"; failures=$((failures + 1)); }
# An unknown list id is an error, not an empty result.
expect_exit 2 -- "$EXPORTCTL" screen "Example Trading Ltd" --lists no-such-list
expect_err "unknown list .no-such-list."
# A poisoned list file is refused and the version in use stays.
expect_exit 3 -- "$EXPORTCTL" lists import --source sdn "$LISTS/un/UN_consolidated.xml"
expect_err "un-xml"

finish
