"""The scikit-learn side of the `logit-*` workloads: the same pipeline as
bench/sklearn_train.py (median imputation with missing indicators and standardisation for
numeric columns, one-hot for text columns, `LogisticRegression(max_iter=1000)`), with the
columns taken from the file: every column but `label`, numeric by pandas' dtype.
Usage: sklearn_logit.py TRAIN.csv [TEST.csv]  (with TEST, prints the held-out log loss)
"""
import sys

import pandas as pd
from pandas.api.types import is_numeric_dtype
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

train = pd.read_csv(sys.argv[1])
features = [c for c in train.columns if c != "label"]
NUMERIC = [c for c in features if is_numeric_dtype(train[c])]
CATEGORICAL = [c for c in features if c not in NUMERIC]
numeric = Pipeline([("impute", SimpleImputer(strategy="median", add_indicator=True)),
                    ("scale", StandardScaler())])
columns = ColumnTransformer([("num", numeric, NUMERIC),
                             ("cat", OneHotEncoder(handle_unknown="infrequent_if_exist"),
                              CATEGORICAL)])
model = Pipeline([("features", columns), ("model", LogisticRegression(max_iter=1000))])
model.fit(train[features], train["label"].astype(str))
if len(sys.argv) > 2:
    test = pd.read_csv(sys.argv[2])
    print("log_loss", log_loss(test["label"].astype(str),
                               model.predict_proba(test[features]),
                               labels=model.classes_),
          "iterations", int(model["model"].n_iter_.max()))
