#!/usr/bin/python3
"""Jaro-Winkler full-scan baseline for the screening benchmark.

    /usr/bin/python3 bench/screen_jw_baseline.py SDN_CSV QUERIES_TSV [--sample 200] [--threshold 0.9]

Loads every name of the OFAC SDN list in SDN_CSV (the primary name; for persons also reordered
"Given Names Surname"; every alias: the weak a.k.a.s in the remarks and, when an alt.csv lies beside
SDN_CSV, the strong ones) and folds each the same way as the query set's filter: unidecode to ASCII,
lower case, every character other than a-z0-9 a space, spaces collapsed. For a deterministic
sample of the queries in QUERIES_TSV (written by bench/screen_queries.py: every k-th row, both
kinds) it times a full scan computing jellyfish's Jaro-Winkler similarity between the folded query
and every name, keeping the best, with time.perf_counter_ns (folding the query included).

Prints machine-readable `key value` lines on stdout:
    jw_function    the jellyfish function used (jaro_winkler_similarity; `jaro_winkler` is a
                   deprecated Python wrapper around it in 0.8.9 that warns on every call)
    jw_library     C or Python (jellyfish's implementation)
    jw_names       distinct folded names scanned
    jw_queries     queries timed (jw_listed + jw_absent)
    jw_p50_us, jw_p99_us   latency per query, microseconds (nearest rank)
    jw_recall      listed queries whose best score is >= threshold and whose best-scoring name
                   (any of them, on a tie) belongs to the expected entry
    jw_false_alarm absent queries whose best score is >= threshold
Recall per perturbation goes to stderr.

Data: the SDN list is a work of the US government (OFAC), public domain; the queries are from
bench/screen_queries.py (list names and synthetic Faker names). Needs Debian's python3-jellyfish
(0.8.9) and python3-unidecode.
"""

import argparse
import collections
import csv
import math
import os
import re
import sys
import time
import warnings

# jellyfish 0.8.9's C extension parses its arguments with the deprecated "u" format, which warns.
warnings.filterwarnings("ignore", category=DeprecationWarning)
import jellyfish  # noqa: E402
from unidecode import unidecode

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from screen_queries import read_sdn, reorder_person  # noqa: E402

if hasattr(jellyfish, "jaro_winkler_similarity"):
    JW_NAME, JW = "jaro_winkler_similarity", jellyfish.jaro_winkler_similarity
else:
    JW_NAME, JW = "jaro_winkler", jellyfish.jaro_winkler


def fold(s):
    return " ".join(re.sub(r"[^a-z0-9]+", " ", unidecode(s).lower()).split())


def load_names(path):
    entries, _, _ = read_sdn(path)
    ids = collections.OrderedDict()  # folded name -> entry ids, in list order
    for e in entries:
        names = [e.name] + e.weak_aliases + e.strong_aliases
        variants = []
        for n in names:
            variants.append(n)
            if e.type == "person" and "," in n:
                variants.append(reorder_person(n))
        for v in variants:
            f = fold(v)
            if f:
                ids.setdefault(f, [])
                if e.ent_num not in ids[f]:
                    ids[f].append(e.ent_num)
    return list(ids.keys()), list(ids.values())


def percentile(sorted_values, p):
    return sorted_values[max(0, math.ceil(p * len(sorted_values)) - 1)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("sdn_csv")
    ap.add_argument("queries_tsv")
    ap.add_argument("--sample", type=int, default=200)
    ap.add_argument("--threshold", type=float, default=0.9)
    args = ap.parse_args()

    names, name_ids = load_names(args.sdn_csv)
    with open(args.queries_tsv, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    k = max(1, len(rows) // max(1, args.sample))
    sample = rows[::k][:args.sample]

    def scan(query):
        q = fold(query)
        scores = list(map(JW, [q] * len(names), names))
        best = max(scores)
        return best, [i for i, s in enumerate(scores) if s == best]

    scan("warm up")
    times = []
    hits = collections.Counter()
    totals = collections.Counter()
    alarms = 0
    for r in sample:
        t0 = time.perf_counter_ns()
        best, at = scan(r["query"])
        times.append(time.perf_counter_ns() - t0)
        if r["kind"] == "listed":
            totals[r["perturbation"]] += 1
            if best >= args.threshold and any(r["entry_id"] in name_ids[i] for i in at):
                hits[r["perturbation"]] += 1
        else:
            totals["absent"] += 1
            alarms += best >= args.threshold

    times.sort()
    n_listed = sum(v for p, v in totals.items() if p != "absent")
    print("jw_function %s" % JW_NAME)
    print("jw_library %s" % getattr(jellyfish, "library", "?"))
    print("jw_names %d" % len(names))
    print("jw_threshold %g" % args.threshold)
    print("jw_queries %d" % len(sample))
    print("jw_listed %d" % n_listed)
    print("jw_absent %d" % totals["absent"])
    print("jw_p50_us %.1f" % (percentile(times, 0.50) / 1000))
    print("jw_p99_us %.1f" % (percentile(times, 0.99) / 1000))
    print("jw_recall %.4f" % (sum(hits.values()) / n_listed if n_listed else float("nan")))
    print("jw_false_alarm %.4f" % (alarms / totals["absent"] if totals["absent"] else float("nan")))
    for p in sorted(totals):
        if p != "absent":
            print("recall %-15s %3d/%3d" % (p, hits[p], totals[p]), file=sys.stderr)


if __name__ == "__main__":
    main()
