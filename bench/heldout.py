"""Held-out quality of a predictions file (docs/formats.md): log loss and accuracy of a
classifier, computed with scikit-learn, for the bench's train workloads.
Usage: heldout.py PREDICTIONS.csv TARGET LABEL
"""
import sys

import numpy as np
import pandas as pd
from sklearn.metrics import accuracy_score, log_loss

path, target, label = sys.argv[1:4]
frame = pd.read_csv(path, keep_default_na=False, dtype={target: str, "prediction": str})
proba = [c for c in frame.columns if c.startswith("proba_")]
classes = [c[len("proba_"):] for c in proba]
print(label, "log_loss", log_loss(frame[target], frame[proba].to_numpy(dtype=np.float64),
                                  labels=classes),
      "accuracy", accuracy_score(frame[target], frame["prediction"]))
