#!/usr/bin/env python3
"""The binary metrics of `evaluate` hand-written in numpy on a polars load (bench `evaluate`
and `evaluate-bootstrap`).

Usage: numpy_metrics.py PREDICTIONS.csv [--bootstrap ROUNDS]
       numpy_metrics.py --generate ROWS OUT.csv   (the bench's predictions file, seed 0)
       numpy_metrics.py --generate-full ROWS OUT.csv   (every digit of the scores kept)
One argsort for ROC AUC and average precision (ties grouped as scikit-learn), vectorised
sums for the rest. With --bootstrap, every metric on ROUNDS resamples (seed 0), re-sorting
each resample, and 95% percentile intervals. Prints JSON.
"""
import json
import sys

import numpy as np
import polars as pl

EPS = np.finfo(np.float64).eps


def metrics(y, p):
    n = len(y)
    pred = p > 0.5
    pos = y == 1
    P = pos.sum()
    N = n - P
    tp = np.count_nonzero(pred & pos)
    fp = np.count_nonzero(pred & ~pos)
    fn = P - tp
    tn = N - fp
    order = np.argsort(-p, kind="stable")
    ps = p[order]
    ys = pos[order]
    ends = np.r_[np.nonzero(np.diff(ps))[0], n - 1]
    tps = np.cumsum(ys)[ends]
    fps = (ends + 1) - tps
    tpr = np.r_[0, tps] / P
    fpr = np.r_[0, fps] / N
    auc = np.trapezoid(tpr, fpr)
    precision = tps / (tps + fps)
    ap = np.sum(np.diff(np.r_[0, tps]) / P * precision)
    q = np.clip(np.where(pos, p, 1 - p), EPS, 1 - EPS)
    index = np.minimum((p * 15).astype(np.int64), 14)
    gap = np.bincount(index, weights=pos - p, minlength=15)
    return {
        "n": n,
        "accuracy": (tp + tn) / n,
        "balanced_accuracy": (tp / P + tn / N) / 2,
        "precision": tp / (tp + fp) if tp + fp else 0.0,
        "recall": tp / P if P else 0.0,
        "f1": 2 * tp / (2 * tp + fp + fn),
        "roc_auc": auc,
        "average_precision": ap,
        "log_loss": -np.log(q).mean(),
        "brier": np.mean((pos - p) ** 2),
        "ece": np.abs(gap).sum() / n,
    }


def generate(rows, out, full=False):
    """A predictions file as `predict` writes it: 30% positives, scores a logistic of a
    shifted normal rounded to 6 decimals (so there are ties), labels 0/1.

    With full=True (--generate-full), the scores keep every digit, as `predict` writes a
    model's probabilities (shortest round-trip text, 16-19 characters, almost no ties), and the
    file ends with predict's task column: the predictions of a model trained on a wide mixed
    table (issue 17), where parsing and sorting cost more than on 6-decimal scores."""
    rng = np.random.default_rng(0)
    y = (rng.random(rows) < 0.3).astype(np.int64)
    p = 1 / (1 + np.exp(-(rng.normal(0, 1.2, rows) + 1.6 * y - 1.2)))
    if not full:
        p = np.round(p, 6)
    columns = {
        "row": np.arange(1, rows + 1), "prediction": (p > 0.5).astype(np.int64),
        "proba_0": 1 - p if full else np.round(1 - p, 6), "proba_1": p, "y": y,
    }
    if full:
        columns["sluice_task"] = np.full(rows, "binary")
    pl.DataFrame(columns).write_csv(out)


def main():
    if sys.argv[1] in ("--generate", "--generate-full"):
        generate(int(sys.argv[2]), sys.argv[3], full=sys.argv[1] == "--generate-full")
        return
    frame = pl.read_csv(sys.argv[1], columns=["proba_1", "y"])
    p = frame["proba_1"].to_numpy()
    y = frame["y"].to_numpy()
    result = {k: float(v) for k, v in metrics(y, p).items()}
    if "--bootstrap" in sys.argv:
        rounds = int(sys.argv[sys.argv.index("--bootstrap") + 1])
        rng = np.random.default_rng(0)
        samples = []
        for _ in range(rounds):
            rows = rng.integers(0, len(y), len(y))
            samples.append(metrics(y[rows], p[rows]))
        result["ci"] = {
            k: [float(x) for x in np.percentile([s[k] for s in samples], [2.5, 97.5])]
            for k in result if k != "n"
        }
    print(json.dumps(result, sort_keys=True))


if __name__ == "__main__":
    main()
