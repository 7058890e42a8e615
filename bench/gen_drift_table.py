#!/usr/bin/env python3
"""Deterministic generator of the mixed table of issue 17 (drift and evaluate benchmarks).

Python standard library only. The same --rows and --seed give a byte-identical file (for a
given Python minor version): every draw comes from one random.Random(seed) in a fixed order,
and every value is formatted explicitly. The category vocabularies and the numeric
distributions' shapes come from a fixed seed (0), so files of different seeds are samples of
one population (drift's reference and current); --shift S moves the numeric means by S
standard deviations and tilts the categoricals' skew, for a current file that drifted.

Columns (21), about 190 bytes a row, header row, LF line ends, RFC 4180 quoting only where
needed:

  x01 .. x14   numeric: normal, lognormal, uniform, exponential, signed, counts, small
               integers, rounded (many ties), scientific notation; x02, x07 and x11 have
               ~2% missing (empty field)
  cat5         categorical, 5 levels
  cat20        categorical, 20 levels
  cat200       categorical, 200 levels (Zipf-like skew)
  cat1000      categorical, 1,000 levels (Zipf-like skew)
  cat5000      categorical, 5,000 levels (Zipf-like skew)
  text         free text, 4 to 14 words (nearly every row distinct); ~5% quoted with a comma
  label        binary target 0/1, correlated with x01, x05, cat5 and cat20

Usage: gen_drift_table.py [--rows N] [--seed S] [--shift S] [--out PATH]  (stdout without --out)
"""

from __future__ import annotations

import argparse
import math
import os
import random
import sys

LEVELS = {"cat5": 5, "cat20": 20, "cat200": 200, "cat1000": 1000, "cat5000": 5000}
NUMERIC = ["x%02d" % i for i in range(1, 15)]
COLUMNS = NUMERIC + list(LEVELS) + ["text", "label"]

SYLLABLES = [
    "ka", "lo", "mi", "ren", "ta", "vel", "bor", "an", "es", "qui", "dor", "sa",
    "mon", "li", "ter", "na", "go", "pra", "ul", "ze", "fen", "ri", "cas", "to",
]
WORDS = (
    "the order arrived late but support was helpful and quick to respond "
    "great product would buy again price too high for what you get shipping "
    "box damaged item works fine battery life is short screen looks sharp "
    "easy setup app crashes sometimes customer service never replied refund "
    "processed fast quality feels cheap love the color size runs small "
    "exactly as described missing parts instructions unclear sound is clear "
    "fits well stopped working after week excellent value recommend it"
).split()


def vocabulary(rng: random.Random, n: int) -> list[str]:
    """n distinct level names made of syllables (plain CSV fields, no quoting needed)."""
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < n:
        name = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        if name not in seen:
            seen.add(name)
            out.append(name)
    return out


def cumulative(n: int, skew: float) -> list[float]:
    """Cumulative Zipf-like weights 1/(i+1)^skew, normalised to end at 1."""
    acc = 0.0
    out = []
    for i in range(n):
        acc += 1.0 / (i + 1) ** skew
        out.append(acc)
    return [c / acc for c in out]


def pick(cum: list[float], u: float) -> int:
    lo, hi = 0, len(cum) - 1
    while lo < hi:
        mid = (lo + hi) // 2
        if cum[mid] < u:
            lo = mid + 1
        else:
            hi = mid
    return lo


def generate(rows: int, seed: int, shift: float, out, batch: int = 20000) -> None:
    fixed = random.Random(0)  # the population: vocabularies and level order
    levels = {name: vocabulary(fixed, n) for name, n in LEVELS.items()}
    skew = {"cat5": 0.0, "cat20": 0.5, "cat200": 1.0, "cat1000": 1.0, "cat5000": 0.9}
    cums = {name: cumulative(n, skew[name] * (1.0 + 0.1 * shift)) for name, n in LEVELS.items()}
    weight5 = [(i - 2) / 2.0 for i in range(5)]
    weight20 = [(i - 9.5) / 20.0 for i in range(20)]

    rng = random.Random(seed)
    rand = rng.random
    gauss = rng.gauss
    expo = rng.expovariate
    n_words = len(WORDS)
    s = shift

    out.write(",".join(COLUMNS) + "\n")
    lines: list[str] = []
    for _ in range(rows):
        v1 = gauss(s, 1.0)
        x01 = "%.6f" % v1
        x02 = "" if rand() < 0.02 else "%.2f" % math.exp(gauss(3.5 + 1.2 * s, 1.2))
        x03 = "%.4f" % rand()
        x04 = "%.3f" % expo(1.0 / (10.0 + 10.0 * s))
        v5 = gauss(100.0 + 15.0 * s, 15.0)
        x05 = "%.1f" % v5
        x06 = str(int(expo(1 / (20.0 + 20.0 * s))))
        x07 = "" if rand() < 0.02 else str(18 + int(rand() * 73))
        x08 = str(int(gauss(5000.0 + 250000.0 * s, 250000.0)))
        x09 = "%.3e" % (rand() * 10.0 ** -(1 + int(rand() * 6)))
        x10 = "%.2f" % (5.0 + expo(1 / 40.0) * (1.0 if rand() < 0.95 else 25.0))
        x11 = "" if rand() < 0.02 else "%.1f" % (-25.0 + rand() * 70.0 + 5.0 * s)
        x12 = str(int(rand() * 10))
        x13 = "%.5f" % gauss(-3.0 + s, 0.5)
        x14 = "%.8g" % (gauss(0.0, 1.0) * 1e4 + s * 1e4)
        c = [pick(cums[name], rand()) for name in LEVELS]
        words = [WORDS[int(rand() * n_words)] for _ in range(4 + int(rand() * 11))]
        text = " ".join(words)
        if rand() < 0.05:
            text = '"' + text + ", " + WORDS[int(rand() * n_words)] + '"'
        z = 0.8 * v1 + 0.03 * (v5 - 100.0) + weight5[c[0]] + weight20[c[1]] + gauss(0.0, 1.0)
        label = 1 if rand() < 1.0 / (1.0 + math.exp(-z)) else 0
        cats = ",".join(levels[name][i] for name, i in zip(LEVELS, c))
        lines.append(
            f"{x01},{x02},{x03},{x04},{x05},{x06},{x07},{x08},{x09},{x10},{x11},{x12},"
            f"{x13},{x14},{cats},{text},{label}\n"
        )
        if len(lines) >= batch:
            out.write("".join(lines))
            lines.clear()
    if lines:
        out.write("".join(lines))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=1_000_000, help="data rows (default 1000000)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--shift", type=float, default=0.0,
                    help="drift: numeric means move by SHIFT standard deviations (default 0)")
    ap.add_argument("--out", help="output path (default: stdout); written atomically")
    args = ap.parse_args(argv)
    if args.rows < 0:
        ap.error("--rows must be >= 0")
    if args.out is None or args.out == "-":
        generate(args.rows, args.seed, args.shift, sys.stdout)
        sys.stdout.flush()
        return 0
    tmp = args.out + ".tmp.%d" % os.getpid()
    try:
        with open(tmp, "w", encoding="utf-8", newline="\n", buffering=1 << 20) as f:
            generate(args.rows, args.seed, args.shift, f)
        os.replace(tmp, args.out)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return 0


if __name__ == "__main__":
    sys.exit(main())
