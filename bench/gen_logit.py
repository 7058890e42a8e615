"""Tables of the shapes a logistic regression meets (issue 17), for the `logit-*` workloads.

Usage: gen_logit.py SHAPE [--rows N] [--seed S] [--out-dir DIR] [--force]

Writes DIR/logit-SHAPE-train.csv and DIR/logit-SHAPE-test.csv (a quarter as many rows, from
the same model) and a .meta sidecar; when the sidecar matches (shape, seed, this file's sha256,
numpy's version) the files are kept. numpy's `default_rng(seed)` draws everything, so the same
arguments give byte-identical files for a given numpy version. The target column is `label`.

  a  1M rows: 13 numeric (4 with ~2% missing), categoricals of 2, 3, 5, 20 and 200 levels
     (skewed), binary: 247 features after imputation indicators and one-hot.
  b  200k rows x 500 dense numeric, binary.
  c  500k rows x 20 numeric, 10 classes (`k0`..`k9`), multinomial.
  d  500k rows x 30 numeric: 20 columns scaled from 1e-6 to 1e6, and 10 more each nearly
     collinear with one of them (twice it plus 1e-3 relative noise), binary.
  e  500k rows x 20 numeric + a categorical of 10 levels, binary with a 1% minority class.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import operator
import os
import sys
from pathlib import Path

import numpy as np

ROWS = {"a": 1_000_000, "b": 200_000, "c": 500_000, "d": 500_000, "e": 500_000}


def table(step: float, low: float, high: float, suffix: str = "") -> tuple[list[str], float]:
    """The strings of every multiple of `step` in [low, high], for fast formatting."""
    count = int(round((high - low) / step)) + 1
    decimals = max(0, -int(np.floor(np.log10(step))))
    return [f"{low + i * step:.{decimals}f}{suffix}" for i in range(count)], low


def formatted(values: np.ndarray, step: float, low: float, high: float,
              suffix: str = "") -> list[list[str]]:
    """Each column of `values` (rows x columns) rounded to `step`, clipped, as strings."""
    strings, base = table(step, low, high, suffix)
    index = np.clip(np.rint((values - base) / step), 0, len(strings) - 1).astype(np.int64)
    pick = operator.itemgetter
    return [list(pick(*column)(strings)) if len(column) > 1 else [strings[column[0]]]
            for column in index.T]


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-z))


def shape_a(rng: np.random.Generator, n: int):
    names, columns = [], []
    numeric = np.empty((n, 13))
    numeric[:, 0:5] = rng.standard_normal((n, 5))
    numeric[:, 5:8] = rng.lognormal(0, 1, (n, 3))
    numeric[:, 8:11] = rng.uniform(0, 10, (n, 3))
    numeric[:, 11:13] = rng.exponential(2, (n, 2))
    beta = rng.normal(0, 0.4, 13)
    centred = (numeric - numeric.mean(axis=0)) / numeric.std(axis=0)
    score = centred @ beta
    text = formatted(numeric, 0.001, -8, 60)
    for j in range(13):
        column = text[j]
        if j < 4:
            for row in np.flatnonzero(rng.random(n) < 0.02):
                column[row] = ""
        names.append(f"n{j + 1}")
        columns.append(column)
    for levels in (2, 3, 5, 20, 200):
        # Zipf-like frequencies: the 200-level column has many rare levels.
        weights = 1 / np.arange(1, levels + 1) ** 1.1
        codes = rng.choice(levels, n, p=weights / weights.sum())
        effects = rng.normal(0, 0.5, levels)
        score += effects[codes]
        names.append(f"c{levels}")
        strings = [f"L{levels}_{k}" for k in range(levels)]
        columns.append(list(operator.itemgetter(*codes)(strings)))
    label = (rng.random(n) < sigmoid(score - 0.3)).astype(np.int64)
    return names, columns, label.astype(str).tolist()


def shape_b(rng: np.random.Generator, n: int):
    x = rng.standard_normal((n, 500))
    beta = rng.normal(0, 1, 500) / np.sqrt(500) * 1.5
    label = (rng.random(n) < sigmoid(x @ beta)).astype(np.int64)
    return [f"x{j + 1}" for j in range(500)], formatted(x, 0.01, -6, 6), \
        label.astype(str).tolist()


def shape_c(rng: np.random.Generator, n: int):
    x = rng.standard_normal((n, 20))
    beta = rng.normal(0, 0.6, (20, 10))
    scores = x @ beta + rng.normal(0, 0.5, 10)
    scores -= scores.max(axis=1, keepdims=True)
    p = np.exp(scores)
    p /= p.sum(axis=1, keepdims=True)
    label = (p.cumsum(axis=1) < rng.random(n)[:, None]).sum(axis=1).clip(0, 9)
    classes = [f"k{k}" for k in range(10)]
    return [f"x{j + 1}" for j in range(20)], formatted(x, 0.001, -7, 7), \
        list(operator.itemgetter(*label)(classes))


def shape_d(rng: np.random.Generator, n: int):
    z = rng.standard_normal((n, 20))
    partner = 2 * z[:, :10] + 1e-3 * rng.standard_normal((n, 10))
    beta = rng.normal(0, 0.5, 20)
    label = (rng.random(n) < sigmoid(z @ beta + 0.2)).astype(np.int64)
    exponents = np.linspace(-6, 6, 20).round().astype(int)
    names, columns = [], []
    for j in range(20):
        # Mantissa with 4 decimals and the column's own exponent: 1e-6 .. 1e6 in scale.
        suffix = f"e{exponents[j]}"
        columns += formatted(z[:, j:j + 1], 1e-4, -7, 7, suffix)
        names.append(f"s{j + 1}")
    for j in range(10):
        columns += formatted(partner[:, j:j + 1], 1e-4, -15, 15, f"e{exponents[j]}")
        names.append(f"s{j + 1}_twin")
    return names, columns, label.astype(str).tolist()


def shape_e(rng: np.random.Generator, n: int):
    x = rng.standard_normal((n, 20))
    beta = rng.normal(0, 0.5, 20)
    codes = rng.integers(0, 10, n)
    effects = rng.normal(0, 0.7, 10)
    score = x @ beta + effects[codes] - 5.9
    label = (rng.random(n) < sigmoid(score)).astype(np.int64)
    strings = [f"g{k}" for k in range(10)]
    names = [f"x{j + 1}" for j in range(20)] + ["group"]
    columns = formatted(x, 0.001, -7, 7) + [list(operator.itemgetter(*codes)(strings))]
    return names, columns, label.astype(str).tolist()


SHAPES = {"a": shape_a, "b": shape_b, "c": shape_c, "d": shape_d, "e": shape_e}


def write(path: Path, names: list[str], columns: list[list[str]], label: list[str],
          rows: range) -> None:
    partial = path.with_suffix(".partial")
    with open(partial, "w", newline="") as out:
        out.write(",".join(names + ["label"]) + "\n")
        block = 50_000
        for start in range(rows.start, rows.stop, block):
            stop = min(rows.stop, start + block)
            parts = [column[start:stop] for column in columns] + [label[start:stop]]
            out.write("\n".join(",".join(fields) for fields in zip(*parts)) + "\n")
    os.replace(partial, path)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("shape", choices=sorted(SHAPES))
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--out-dir", default=str(Path(__file__).resolve().parent / "data"))
    ap.add_argument("--rows", type=int, default=None, help="training rows (default: the shape's)")
    ap.add_argument("--force", action="store_true", help="regenerate even when cached")
    args = ap.parse_args()
    out = Path(args.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    train, test = out / f"logit-{args.shape}-train.csv", out / f"logit-{args.shape}-test.csv"
    meta_path = out / f"logit-{args.shape}.meta"
    n = args.rows or ROWS[args.shape]
    meta = {"shape": args.shape, "seed": args.seed, "rows": n, "numpy": np.__version__,
            "generator_sha256": hashlib.sha256(Path(__file__).read_bytes()).hexdigest()}
    if not args.force and train.exists() and test.exists() and meta_path.exists():
        try:
            if json.loads(meta_path.read_text()) == meta:
                return 0
        except (OSError, ValueError):
            pass
    rng = np.random.default_rng([args.seed, ord(args.shape)])
    names, columns, label = SHAPES[args.shape](rng, n + n // 4)
    write(train, names, columns, label, range(0, n))
    write(test, names, columns, label, range(n, n + n // 4))
    meta_path.write_text(json.dumps(meta) + "\n")
    print(f"gen_logit: wrote {train} and {test}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
