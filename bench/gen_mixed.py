#!/usr/bin/env python3
"""Deterministic generator of a mixed-type CSV for Sluice benchmarks.

Python standard library only. The same --rows and --seed give a byte-identical
file (for a given Python minor version): every random draw comes from one
random.Random(seed), in a fixed order, and every value is formatted explicitly.

Columns (20), about 150 bytes per row, header row, LF line ends, RFC 4180
quoting (only where needed):

  id            int, unique, increasing
  amount        float >= 0, 2 decimals, lognormal; ~2% missing (empty field)
  score         float in [0, 1], 4 decimals
  delta         float, signed, 3 decimals; ~2% missing as NA
  temperature   float, -25.0 .. 45.0, 1 decimal
  age           int, 18 .. 90
  visits        int >= 0; ~1% missing (empty field)
  balance       int, signed, large magnitude
  is_active     bool, true/false
  region        categorical, 5 values
  plan          categorical, 12 values
  country       categorical, ISO 3166 alpha-2, 24 values (skewed)
  device        categorical, 4 values
  city          string, medium cardinality (~1,500 values)
  comment       short free-text sentence; ~5% quoted and containing a comma,
                some of those with a "" escaped quote, ~1 in 2,000 rows with an
                embedded newline
  signup_date   ISO 8601 date, 2015-01-01 .. 2024-12-31
  last_seen     ISO 8601 datetime, UTC, second resolution, after signup_date
  latency_ms    float, 2 decimals, heavy-tailed
  ratio         float in scientific notation, e.g. 3.142e-04
  label         binary target 0/1, correlated with score/plan/is_active/visits

Usage: gen_mixed.py [--rows N] [--seed S] [--out PATH]   (stdout without --out)
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import random
import sys

COLUMNS = [
    "id", "amount", "score", "delta", "temperature", "age", "visits", "balance",
    "is_active", "region", "plan", "country", "device", "city", "comment",
    "signup_date", "last_seen", "latency_ms", "ratio", "label",
]

REGIONS = ["north", "south", "east", "west", "central"]
PLANS = [
    "free", "starter", "basic", "standard", "plus", "pro", "team", "business",
    "enterprise", "education", "nonprofit", "trial",
]
PLAN_WEIGHT = {p: (i - 5.5) / 6.0 for i, p in enumerate(PLANS)}  # label signal
# Country codes with a skewed (Zipf-like) distribution, as real traffic has.
COUNTRIES = [
    "US", "GB", "DE", "FR", "IN", "BR", "CA", "JP", "ES", "IT", "NL", "SE",
    "PL", "MX", "AU", "KR", "TR", "AR", "ZA", "NG", "EG", "ID", "VN", "NO",
]
COUNTRY_CUM = []
_acc = 0.0
for _i in range(len(COUNTRIES)):
    _acc += 1.0 / (_i + 1)
    COUNTRY_CUM.append(_acc)
DEVICES = ["desktop", "mobile", "tablet", "tv"]

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
QUOTED_WORDS = ["great", "fine", "premium", "fast", "free", "new", "broken"]

DATE0 = dt.date(2015, 1, 1).toordinal()
DATE_SPAN = dt.date(2024, 12, 31).toordinal() - DATE0 + 1
EPOCH = dt.datetime(1970, 1, 1)
DAY0_SECONDS = int((dt.datetime(2015, 1, 1) - EPOCH).total_seconds())


def make_cities(rng: random.Random, n: int) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < n:
        name = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        name = name.capitalize()
        if rng.random() < 0.15:
            name += rng.choice([" Falls", " Heights", " Springs", "ville", " Bay"])
        if name not in seen:
            seen.add(name)
            out.append(name)
    return out


def csv_field(s: str) -> str:
    if "," in s or '"' in s or "\n" in s or "\r" in s:
        return '"' + s.replace('"', '""') + '"'
    return s


def make_comment(rng: random.Random) -> str:
    rand = rng.random
    words = WORDS
    n = len(words)
    k = 2 + int(rand() * 4)
    text = " ".join([words[int(rand() * n)] for _ in range(k)])
    text = text[0].upper() + text[1:]
    u = rand()
    if u < 0.05:
        # Quoted field: contains a comma, sometimes an escaped quote.
        tail = " ".join([words[int(rand() * n)] for _ in range(2 + int(rand() * 3))])
        if rand() < 0.3:
            tail = 'it said "' + QUOTED_WORDS[int(rand() * len(QUOTED_WORDS))] + '" ' + tail
        text = text + ", " + tail
        if rand() < 0.01:  # 0.05 * 0.01 = 1 in 2,000 rows
            text = text + "\n" + "Second line " + words[int(rand() * n)]
        return csv_field(text)
    return text + "."


def generate(rows: int, seed: int, out, batch: int = 20000) -> None:
    rng = random.Random(seed)
    rand = rng.random
    gauss = rng.gauss
    expo = rng.expovariate
    cities = make_cities(rng, 1500)
    n_cities = len(cities)
    total_w = COUNTRY_CUM[-1]
    date_cache: dict[int, str] = {}

    out.write(",".join(COLUMNS) + "\n")
    lines: list[str] = []
    for i in range(rows):
        rid = 100000 + i

        amount = "" if rand() < 0.02 else "%.2f" % math.exp(gauss(3.5, 1.2))
        score_v = rand()
        score = "%.4f" % score_v
        delta = "NA" if rand() < 0.02 else "%.3f" % gauss(0.0, 50.0)
        temperature = "%.1f" % (-25.0 + rand() * 70.0)
        age = 18 + int(rand() * 73)
        visits_v = int(expo(1 / 20.0))
        visits = "" if rand() < 0.01 else str(visits_v)
        balance = int(gauss(5000.0, 250000.0))
        active = rand() < 0.7
        region = REGIONS[int(rand() * 5)]
        plan = PLANS[int(rand() * 12)]
        w = rand() * total_w
        c = 0
        while COUNTRY_CUM[c] < w:
            c += 1
        country = COUNTRIES[c]
        device = DEVICES[int(rand() * rand() * 4)]  # skewed towards desktop
        city = cities[int(rand() * rand() * n_cities)]  # skewed towards few
        city = csv_field(city)
        comment = make_comment(rng)

        day = int(rand() * DATE_SPAN)
        signup = date_cache.get(day)
        if signup is None:
            signup = dt.date.fromordinal(DATE0 + day).isoformat()
            date_cache[day] = signup
        seen_s = DAY0_SECONDS + day * 86400 + int(rand() * 400 * 86400)
        last_seen = (EPOCH + dt.timedelta(seconds=seen_s)).isoformat() + "Z"
        latency = "%.2f" % (5.0 + expo(1 / 40.0) * (1.0 if rand() < 0.95 else 25.0))
        ratio = "%.3e" % (rand() * 10.0 ** -(1 + int(rand() * 6)))

        z = (3.0 * (score_v - 0.5) + PLAN_WEIGHT[plan] + (0.8 if active else -0.8)
             + 0.02 * (visits_v - 20) + gauss(0.0, 1.0))
        label = 1 if rand() < 1.0 / (1.0 + math.exp(-z)) else 0

        lines.append(
            f"{rid},{amount},{score},{delta},{temperature},{age},{visits},{balance},"
            f"{'true' if active else 'false'},{region},{plan},{country},{device},{city},"
            f"{comment},{signup},{last_seen},{latency},{ratio},{label}\n"
        )
        if len(lines) >= batch:
            out.write("".join(lines))
            lines.clear()
    if lines:
        out.write("".join(lines))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=1_000_000, help="data rows (default 1000000)")
    ap.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    ap.add_argument("--out", help="output path (default: stdout); written atomically")
    args = ap.parse_args(argv)
    if args.rows < 0:
        ap.error("--rows must be >= 0")

    if args.out is None or args.out == "-":
        generate(args.rows, args.seed, sys.stdout)
        sys.stdout.flush()
        return 0
    tmp = args.out + ".tmp.%d" % os.getpid()
    try:
        with open(tmp, "w", encoding="utf-8", newline="\n", buffering=1 << 20) as f:
            generate(args.rows, args.seed, f)
        os.replace(tmp, args.out)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return 0


if __name__ == "__main__":
    sys.exit(main())
