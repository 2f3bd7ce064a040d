#!/usr/bin/env bash
# Screening on realistic traffic, in one run: screen_bench's summary (recall of perturbed list
# names, false alarms on names on no list, p50/p99 per query, memory per name, against the targets)
# and, beside it, a full Jaro-Winkler scan with Debian's python3-jellyfish over the same SDN names
# and a sample of the same queries, with the speed ratio.
#   bench/screen_realistic.sh [BUILD_DIR]      (default: build/release; needs target screen_bench)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${1:-$ROOT/build/release}"
DATA="${EXPORTCTL_TEST_DATA:-$BUILD/test-data}"
SDN="$DATA/lists/ofac/sdn-2024-05-03.csv"
QUERIES="$ROOT/tests/data/screen-queries.tsv"

if ! /usr/bin/python3 -c 'import jellyfish, unidecode, faker' 2>/dev/null; then
  echo "screen_realistic.sh: the baseline needs Debian's python3-jellyfish, python3-unidecode and python3-fake-factory:" \
       "apt-get install python3-jellyfish python3-unidecode python3-fake-factory" >&2
  exit 1
fi
summary=$("$BUILD/bench/screen_bench" --summary-only)
echo "$summary" | grep -v '^screen_[a-z_0-9]* '
echo "python3-jellyfish full scan over the same names (a sample of 200 queries) …" >&2
baseline=$(/usr/bin/python3 "$ROOT/bench/screen_jw_baseline.py" "$SDN" "$QUERIES" --sample 200 --threshold 0.9 2>/dev/null)
value() { echo "$1" | awk -v k="$2" '$1 == k { print $2 }'; }
p50=$(value "$summary" screen_p50_us); p99=$(value "$summary" screen_p99_us)
jp50=$(value "$baseline" jw_p50_us); jp99=$(value "$baseline" jw_p99_us)
echo
echo "| | exportctl screen | python3-jellyfish Jaro-Winkler full scan (threshold 0.9) |"
echo "|---|---|---|"
printf '| p50 / p99 per query | %s / %s us | %s / %s us |\n' "$p50" "$p99" "$jp50" "$jp99"
printf '| recall / false alarms | %s / %s | %s / %s |\n' "$(value "$summary" screen_recall)" \
  "$(value "$summary" screen_false_alarm)" "$(value "$baseline" jw_recall)" "$(value "$baseline" jw_false_alarm)"
awk -v a="$jp50" -v b="$p50" -v c="$jp99" -v d="$p99" \
  'BEGIN { printf "| speed-up over the jellyfish scan, p50 and p99 | %.0fx, %.0fx (target >= 30x) | |\n", a / b, c / d }'
