#!/usr/bin/python3
"""Labelled name pairs from the UN Security Council consolidated list, labelled by the UN itself.

    /usr/bin/python3 bench/un_alias_pairs.py UN_XML > pairs.csv
    exportctl screen compare --pairs pairs.csv > /dev/null    # precision, recall, F1 on stderr

A second labelled set beside name-pairs/dev.csv, one the matcher was never tuned on:

* matches: each person's or entity's name as listed against each of its aliases of quality "Good"
  (transliteration variants such as "Faycal Boughanemi" / "Faysal al-Bughanimi", but also noms de
  guerre that share nothing with the name: recall cannot reach 100%);
* non-matches: for each entry, one other entry of the same kind that shares a word of three letters
  or more with its name (picked with random.Random(17)): the hard negatives a screener meets;
* across scripts: each name as listed in Latin letters against the entry's NAME_ORIGINAL_SCRIPT
  (mostly Arabic) as a match, and that original-script name against up to three other entries'
  Latin names sharing a word with the entry's (non-matches: "HALA SADDAM HUSSEIN AL-TIKRITI" against
  Saddam Hussein's Arabic name).

Writes CSV with the columns name1,name2,schema,is_match,kind (alias, other_entry, original_script,
other_entry_original_script), which `screen compare --pairs` reads (it ignores `kind`).
Reproducible: the same file gives the same pairs.
"""
import csv
import random
import re
import sys
import xml.etree.ElementTree as ET


def listed_name(node, fields):
    return " ".join(p for p in ((node.findtext(f) or "").strip() for f in fields) if p)


def good_aliases(node, tag):
    return [(a.findtext("ALIAS_NAME") or "").strip() for a in node.findall(tag)
            if (a.findtext("QUALITY") or "").strip() == "Good" and (a.findtext("ALIAS_NAME") or "").strip()]


def words(name):
    return sorted(set(re.findall(r"[a-z]{3,}", name.lower())))


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    root = ET.parse(sys.argv[1]).getroot()
    groups = {
        "Person": [(listed_name(n, ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")),
                    good_aliases(n, "INDIVIDUAL_ALIAS"), (n.findtext("NAME_ORIGINAL_SCRIPT") or "").strip())
                   for n in root.iter("INDIVIDUAL")],
        "Company": [(listed_name(n, ("FIRST_NAME",)), good_aliases(n, "ENTITY_ALIAS"),
                     (n.findtext("NAME_ORIGINAL_SCRIPT") or "").strip()) for n in root.iter("ENTITY")],
    }
    rng = random.Random(17)
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["name1", "name2", "schema", "is_match", "kind"])
    for schema, entries in groups.items():
        entries = [entry for entry in entries if entry[0]]
        for name, aliases, _ in entries:
            for alias in aliases:
                if alias.lower() != name.lower():
                    out.writerow([name, alias, schema, "true", "alias"])
        by_word = {}
        for i, (name, _, _) in enumerate(entries):
            for w in words(name):
                by_word.setdefault(w, []).append(i)
        pairs = set()
        for i, (name, _, _) in enumerate(entries):
            shared = words(name)
            if not shared:
                continue
            others = [j for j in by_word[rng.choice(shared)] if j != i]
            if others:
                j = rng.choice(others)
                pairs.add((min(i, j), max(i, j)))
        for i, j in sorted(pairs):
            out.writerow([entries[i][0], entries[j][0], schema, "false", "other_entry"])
        for i, (name, _, original) in enumerate(entries):
            if not original or original.lower() == name.lower():
                continue
            out.writerow([name, original, schema, "true", "original_script"])
            others = sorted({j for w in words(name) for j in by_word[w]
                             if j != i and entries[j][0].lower() != name.lower()})
            rng.shuffle(others)
            for j in others[:3]:
                out.writerow([entries[j][0], original, schema, "false", "other_entry_original_script"])


if __name__ == "__main__":
    main()
