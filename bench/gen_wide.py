#!/usr/bin/env python3
"""Deterministic generator of a wide CSV (many columns, few rows) for Sluice benchmarks.

Python standard library only. The same --rows, --cols and --seed give a byte-identical
file (for a given Python minor version): every draw comes from one random.Random(seed),
in a fixed order.

Columns: `label` (binary target 0/1) first, then --cols feature columns c000000...:
  every 3rd (index % 3 == 1)   int, -999 .. 9999
  index % 50 == 7              categorical, 6 values
  index 13 and 513             short text with spaces (~30 characters); only two, since
                               `train` hashes each text column into 2^20 features
  the rest                     float, 2 decimals, -100 .. 1000
About 1 in 100 numeric fields is empty (missing). Values are drawn from small pools of
pre-formatted strings, so generation is fast (~10 M cells/s) while every numeric column
still has hundreds of distinct values.

Usage: gen_wide.py [--rows N] [--cols C] [--seed S] [--out PATH]   (stdout without --out)
"""

from __future__ import annotations

import argparse
import os
import random
import sys

CATEGORIES = ["red", "green", "blue", "amber", "violet", "teal"]
WORDS = ["alpha", "bravo", "delta", "echo", "gamma", "kilo", "lima", "nova", "omega", "sigma"]


def generate(rows: int, cols: int, seed: int, out) -> None:
    rng = random.Random(seed)
    floats = [f"{rng.uniform(-100, 1000):.2f}" for _ in range(4000)] + [""] * 40
    ints = [str(rng.randint(-999, 9999)) for _ in range(4000)] + [""] * 40
    texts = [" ".join(rng.choice(WORDS) for _ in range(4)) for _ in range(500)]
    int_slots = range(1, cols, 3)
    cat_slots = range(7, cols, 50)
    text_slots = range(13, min(cols, 514), 500)
    out.write(",".join(["label"] + [f"c{j:06d}" for j in range(cols)]) + "\n")
    for _ in range(rows):
        row = rng.choices(floats, k=cols)
        row[1::3] = rng.choices(ints, k=len(int_slots))
        row[7::50] = rng.choices(CATEGORIES, k=len(cat_slots))
        row[13:514:500] = rng.choices(texts, k=len(text_slots))
        out.write(str(rng.getrandbits(1)) + "," + ",".join(row) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=20)
    ap.add_argument("--cols", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--out", help="output path (written atomically); stdout without it")
    args = ap.parse_args()
    if args.out is None:
        generate(args.rows, args.cols, args.seed, sys.stdout)
        return
    tmp = f"{args.out}.tmp{os.getpid()}"
    with open(tmp, "w", newline="\n", buffering=1 << 20) as handle:
        generate(args.rows, args.cols, args.seed, handle)
    os.replace(tmp, args.out)


if __name__ == "__main__":
    main()
