#!/usr/bin/env bash
# Compares two check_bench binaries without this VM's speed swings, which move any one run by up to
# a fifth: both run at the same time, one pinned to each core, then swapped. Prints decisions per
# second of each benchmark for both binaries and their ratio, per run.
# Usage: bench/check_pair.sh OLD_check_bench NEW_check_bench [rounds=2]   (needs 2 cores, taskset)
set -euo pipefail
old="$1" new="$2" rounds="${3:-2}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
rate() { grep -E "^$2 " "$1" | grep -o 'decisions_per_s=[0-9.]*k' | grep -o '[0-9.]*'; }
for ((i = 1; i <= rounds; i++)); do
  for cores in "0 1" "1 0"; do
    set -- $cores
    for b in BM_CheckMixed BM_CheckMixedExtended; do  # one benchmark at a time, so both run it together
      taskset -c "$1" "$old" --benchmark_filter="^$b\$" --benchmark_min_time=2 > "$out/old" 2>&1 &
      taskset -c "$2" "$new" --benchmark_filter="^$b\$" --benchmark_min_time=2 > "$out/new" 2>&1
      wait
      o="$(rate "$out/old" "$b")" n="$(rate "$out/new" "$b")"
      printf '%-22s old %6.0fk/s  new %6.0fk/s  x%.2f\n' "$b" "$o" "$n" "$(echo "$n / $o" | bc -l)"
    done
  done
done
