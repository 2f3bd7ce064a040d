#!/usr/bin/env python3
"""Writes a synthetic order book for batch benchmarks: N rows of mixed chips, destinations, dates
and end users (some with restricted-party names). Usage: make-orders.py N OUT.csv"""
import random
import sys

n, out = int(sys.argv[1]), sys.argv[2]
rng = random.Random(42)
chips = ["H20", "H100", "H200", "A100", "A800", "L20", "L4", "RTX 4090", "RTX 4090D", "MI210", "MI308", "MI325X", "B200", "Gaudi 3"]
dests = ["CN", "HK", "MO", "SG", "MY", "DE", "VN", "SA", "AE", "IL", "US", "JP", "RU", "NI", "KH", "IN", "BR"]
dates = ["2022-09-01", "2023-06-01", "2023-11-17", "2024-06-01", "2025-05-01", "2025-09-01", "2026-02-01", "2026-11-23"]
users = ["", "", "", "Example Cloud Ltd", "Acme Computing GmbH", "Beijing Zhipu Huazhang Technology Co., Ltd.",
         "Sophgo Technologies Ltd.", "Moore Threads Technology Co., Ltd.", "Nanyang Data Pte Ltd"]
with open(out, "w") as f:
    f.write("id,chip,quantity,destination,end_user,end_user_hq,ship_from,as_of\n")
    for i in range(n):
        hq = rng.choice(["", "", "", "CN", "MY"])
        f.write(f"o{i},{rng.choice(chips)},{rng.randint(1, 5000)},{rng.choice(dests)},\"{rng.choice(users)}\",{hq},{rng.choice(['US', 'US', 'US', 'SG'])},{rng.choice(dates)}\n")
