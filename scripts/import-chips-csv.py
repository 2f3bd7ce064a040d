#!/usr/bin/env python3
"""Regenerates data/catalog/*.toml from the sourced research table (shared/research/chips.csv).

A developer tool, run by hand when the research table changes; the catalog files it writes are the
product's data and are reviewed like code. Ids and aliases are curated here (IDS below); every
figure and URL comes from the CSV unchanged. A blank cell stays absent: an unknown figure is never 0.
"""
import csv
import pathlib
import re
import sys

# row index -> (stable id, aliases people write). Aliases are matched case-insensitively and must
# be unique across the catalog, so the SXM part owns the bare name ("A100", "H100").
IDS = {
    0: ("nvidia-a100-sxm", ["A100", "A100 SXM", "A100 SXM4", "A100 80GB"]),
    1: ("nvidia-a100-pcie", ["A100 PCIe", "A100 PCIe 80GB"]),
    2: ("nvidia-a800-sxm", ["A800", "A800 SXM", "A800 80GB"]),
    3: ("nvidia-h100-sxm", ["H100", "H100 SXM", "H100 SXM5"]),
    4: ("nvidia-h100-pcie", ["H100 PCIe"]),
    5: ("nvidia-h100-nvl", ["H100 NVL"]),
    6: ("nvidia-h800-sxm", ["H800", "H800 SXM"]),
    7: ("nvidia-h20", ["H20", "H20 96GB", "HGX H20"]),
    8: ("nvidia-h200-sxm", ["H200", "H200 SXM", "H200 141GB"]),
    9: ("nvidia-l40s", ["L40S"]),
    10: ("nvidia-l20", ["L20"]),
    11: ("nvidia-l2", ["L2"]),
    12: ("nvidia-l4", ["L4"]),
    13: ("nvidia-b200", ["B200", "HGX B200"]),
    14: ("nvidia-b300", ["B300", "Blackwell Ultra", "HGX B300"]),
    15: ("nvidia-gb200", ["GB200"]),
    16: ("nvidia-gb300", ["GB300"]),
    17: ("nvidia-b30a", ["B30A"]),
    18: ("nvidia-rtx-4090", ["RTX 4090", "GeForce RTX 4090", "4090"]),
    19: ("nvidia-rtx-4090d", ["RTX 4090D", "RTX 4090 D", "GeForce RTX 4090 D", "4090D"]),
    20: ("nvidia-rtx-5090", ["RTX 5090", "GeForce RTX 5090", "5090"]),
    21: ("nvidia-rtx-5090d", ["RTX 5090D", "RTX 5090 D", "GeForce RTX 5090 D", "5090D"]),
    22: ("nvidia-rtx-5090d-v2", ["RTX 5090D v2", "RTX 5090 D v2", "GeForce RTX 5090 D v2", "5090D v2"]),
    23: ("nvidia-rtx-pro-6000", ["RTX PRO 6000", "RTX PRO 6000 Blackwell", "RTX 6000 Blackwell"]),
    24: ("nvidia-rtx-pro-6000d", ["RTX PRO 6000D", "RTX 6000D", "B40", "RTX Pro 6000D"]),
    25: ("amd-mi210", ["MI210", "Instinct MI210"]),
    26: ("amd-mi250x", ["MI250X", "Instinct MI250X"]),
    27: ("amd-mi300x", ["MI300X", "Instinct MI300X"]),
    28: ("amd-mi308x", ["MI308X", "MI308", "Instinct MI308X"]),
    29: ("amd-mi325x", ["MI325X", "Instinct MI325X"]),
    30: ("amd-mi355x", ["MI355X", "Instinct MI355X"]),
    31: ("intel-gaudi2", ["Gaudi 2", "Gaudi2", "HL-225H"]),
    32: ("intel-gaudi3", ["Gaudi 3", "Gaudi3", "HL-325L"]),
    33: ("intel-gaudi3-china", ["Gaudi 3 China", "HL-328", "HL-388"]),
    34: ("huawei-ascend-910b", ["Ascend 910B", "910B", "Ascend 910B2"]),
    35: ("huawei-ascend-910c", ["Ascend 910C", "910C"]),
    36: ("huawei-ascend-950pr", ["Ascend 950PR", "950PR"]),
    37: ("huawei-ascend-950dt", ["Ascend 950DT", "950DT"]),
    38: ("cambricon-mlu370-x8", ["MLU370-X8", "MLU370"]),
    39: ("cambricon-mlu590", ["MLU590"]),
    40: ("cambricon-mlu290-m5", ["MLU290-M5", "MLU290"]),
    41: ("biren-br100", ["BR100"]),
    42: ("biren-br104", ["BR104"]),
    43: ("moore-threads-mtt-s4000", ["MTT S4000", "S4000"]),
    44: ("google-tpu-v5p", ["TPU v5p"]),
    45: ("google-tpu-v6e", ["TPU v6e", "Trillium"]),
    46: ("google-tpu7x", ["TPU7x", "Ironwood", "TPU v7"]),
}

# Parts made for the China market (never sold in the US) and parts not sold in the US at all.
NOT_US_MARKET = {2, 6, 7, 10, 11, 17, 19, 21, 22, 24, 28, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46}
CHINA_MARKET = {2, 6, 7, 10, 11, 17, 19, 21, 22, 24, 28, 33}

PRECISIONS = [("fp64_tflops", ["fp64"]), ("tf32_tflops", ["tf32"]), ("fp16_bf16_tflops", ["fp16", "bf16"]),
              ("fp8_tflops", ["fp8"]), ("int8_tops", ["int8"]), ("fp6_tflops", ["fp6"]), ("fp4_tflops", ["fp4"])]


def q(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def num(s):
    s = s.strip()
    if not s:
        return None
    v = float(s)
    return str(int(v)) if v == int(v) and "." not in s else s


def status(raw):
    r = raw.lower()
    if r.startswith("rumored"):
        return "rumored"
    if r.startswith("announced"):
        return "announced"
    return "shipping"


def designed_for(raw):
    for k in ("datacenter", "consumer", "workstation"):
        if raw.startswith(k):
            return k
    sys.exit(f"unknown designed_for {raw!r}")


def vendor_file(vendor):
    return re.sub(r"[^a-z0-9]+", "-", vendor.lower().split("(")[0]).strip("-")


def main():
    root = pathlib.Path(__file__).resolve().parent.parent
    src = root.parent / "shared" / "research" / "chips.csv"
    rows = list(csv.DictReader(open(src, encoding="utf-8")))
    if len(rows) != len(IDS):
        sys.exit(f"{src}: {len(rows)} rows, {len(IDS)} curated ids")
    files = {}
    for i, r in enumerate(rows):
        cid, aliases = IDS[i]
        out = ["[[chip]]", f"id = {q(cid)}"]
        name = r["name"].replace(" (RUMORED)", "")
        vendor = r["vendor"]
        short_vendor = vendor.split(" (")[0]
        out.append(f"name = {q((short_vendor + ' ' + name) if not name.startswith(short_vendor) else name)}")
        out.append(f"aliases = [{', '.join(q(a) for a in aliases)}]")
        out.append(f"vendor = {q(vendor)}")
        if r["variant"]:
            out.append(f"variant = {q(r['variant'])}")
        out.append(f"designed_for = {q(designed_for(r['designed_for']))}")
        out.append(f"status = {q(status(r['status']))}")
        out.append(f"status_note = {q(r['status'])}")
        out.append(f"market = {q('CN' if i in CHINA_MARKET else 'global')}")
        out.append(f"us_commercially_available = {'false' if i in NOT_US_MARKET else 'true'}")
        # "no NVLink" is a known absence of any chip-to-chip link (the PCIe host link is in the note).
        if not r["interconnect_gbs"].strip() and r["interconnect_note"].lower().startswith("no nvlink"):
            r["interconnect_gbs"] = "0"
        for key, col in (("launch_year", "launch_year"), ("die_area_mm2", "die_area_mm2"),
                         ("logic_die_count", "logic_die_count"), ("transistors_billion", "transistors_billion"),
                         ("memory_gb", "memory_gb"), ("memory_bandwidth_gbs", "memory_bw_gbs"),
                         ("interconnect_gbs", "interconnect_gbs"), ("tdp_w", "tdp_w")):
            v = num(r[col])
            if v is not None:
                out.append(f"{key} = {v}")
        for key, col in (("die_area_basis", "die_area_basis"), ("memory_type", "memory_type"),
                         ("interconnect_note", "interconnect_note"), ("throughput_note", "throughput_note"),
                         ("confidence", "confidence"), ("notes", "notes")):
            if r[col].strip():
                out.append(f"{key} = {q(r[col].strip())}")
        published = "; ".join(x for x in (r["tpp_published"].strip(), r["tpp_published_note"].strip()) if x)
        if published:
            out.append(f"published_figures = {q(published)}")
        urls = [u.strip() for u in r["sources"].split(" | ") if u.strip()]
        out.append("sources = [")
        out.extend(f"  {q(u)}," for u in urls)
        out.append("]")
        tops = []
        for col, keys in PRECISIONS:
            v = num(r[col])
            if v is not None:
                tops.extend(f"{k} = {v}" for k in keys)
        if tops:
            out.append("")
            out.append("[chip.dense_tops]")
            out.extend(tops)
        files.setdefault(vendor_file(vendor), []).append("\n".join(out))
    dest = root / "data" / "catalog"
    dest.mkdir(parents=True, exist_ok=True)
    for fname, chips in files.items():
        header = (f"# exportctl chip catalog: {fname}. Generated by scripts/import-chips-csv.py from\n"
                  "# shared/research/chips.csv (see its chips.md for method and caveats); edit the CSV or the\n"
                  "# script's curated ids, not this file by hand. Dense throughput in TOPS/TFLOPS (no sparsity).\n"
                  "schema_version = 1\n\n")
        (dest / f"{fname}.toml").write_text(header + "\n\n".join(chips) + "\n", encoding="utf-8")
        print(f"wrote {dest / (fname + '.toml')}: {len(chips)} chips")


if __name__ == "__main__":
    main()
