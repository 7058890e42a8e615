"""The scikit-learn side of the `train` benchmark: what a data scientist writes for the same
model as `train DATA --target label --ignore id --ignore comment --ignore city`.
Usage: sklearn_train.py TRAIN.csv [TEST.csv]  (with TEST, prints the held-out log loss)
"""
import sys

import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

NUMERIC = ["amount", "score", "delta", "temperature", "age", "visits", "balance", "latency_ms",
           "ratio"]
CATEGORICAL = ["is_active", "region", "plan", "country", "device"]

train = pd.read_csv(sys.argv[1])
numeric = Pipeline([("impute", SimpleImputer(strategy="median", add_indicator=True)),
                    ("scale", StandardScaler())])
features = ColumnTransformer([("num", numeric, NUMERIC),
                              ("cat", OneHotEncoder(handle_unknown="infrequent_if_exist"),
                               CATEGORICAL)])
model = Pipeline([("features", features), ("model", LogisticRegression(max_iter=1000))])
model.fit(train[NUMERIC + CATEGORICAL], train["label"])
if len(sys.argv) > 2:
    test = pd.read_csv(sys.argv[2])
    print("log_loss", log_loss(test["label"], model.predict_proba(test[NUMERIC + CATEGORICAL])))
