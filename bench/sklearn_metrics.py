#!/usr/bin/env python3
"""The binary metrics of `evaluate` with scikit-learn, load included (bench `evaluate`).

Usage: sklearn_metrics.py PREDICTIONS.csv  (columns proba_1 and y; labels 0/1)
Loads with polars (the fastest Python CSV reader here), then calls scikit-learn's function
for each metric as a user would; ECE (no scikit-learn function) in numpy. Prints JSON.
"""
import json
import sys

import numpy as np
import polars as pl
from sklearn import metrics as m


def ece(y, p, bins=15):
    index = np.minimum((p * bins).astype(np.int64), bins - 1)
    weight = np.bincount(index, minlength=bins)
    gap = np.bincount(index, weights=y - p, minlength=bins)
    return float(np.abs(gap).sum() / len(p))


def main():
    frame = pl.read_csv(sys.argv[1], columns=["proba_1", "y"])
    p = frame["proba_1"].to_numpy()
    y = frame["y"].to_numpy()
    pred = (p > 0.5).astype(np.int64)
    result = {
        "n": len(y),
        "accuracy": m.accuracy_score(y, pred),
        "balanced_accuracy": m.balanced_accuracy_score(y, pred),
        "precision": m.precision_score(y, pred),
        "recall": m.recall_score(y, pred),
        "f1": m.f1_score(y, pred),
        "roc_auc": m.roc_auc_score(y, p),
        "average_precision": m.average_precision_score(y, p),
        "log_loss": m.log_loss(y, p),
        "brier": m.brier_score_loss(y, p),
        "ece": ece(y, p),
    }
    print(json.dumps({k: float(v) for k, v in result.items()}, sort_keys=True))


if __name__ == "__main__":
    main()
