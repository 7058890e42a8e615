"""The scikit-learn side of the `train-text` benchmark: what a data scientist writes for the
same model as `train TRAIN.tsv --target label --text sentence`: scikit-learn's
HashingVectorizer (Sluice's default text features) and LogisticRegression (lbfgs, C=1).
Usage: sklearn_text.py TRAIN.tsv [TEST.tsv]  (with TEST, prints the held-out accuracy)
"""
import sys

import pandas as pd
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

train = pd.read_csv(sys.argv[1], sep="\t", quoting=3, keep_default_na=False)
model = Pipeline([
    ("features", HashingVectorizer(ngram_range=(1, 2), alternate_sign=True, norm="l2",
                                   n_features=2**20)),
    ("model", LogisticRegression(max_iter=1000)),
])
model.fit(train["sentence"], train["label"])
if len(sys.argv) > 2:
    test = pd.read_csv(sys.argv[2], sep="\t", quoting=3, keep_default_na=False)
    print("accuracy", (model.predict(test["sentence"]) == test["label"]).mean())
