"""The LightGBM side of the `train-gbdt` and `predict-gbdt` benchmarks: what a data scientist
writes for the same model as `train DATA --target label --ignore id --ignore comment --ignore
city --model gbdt --threads 2` (LightGBM's defaults, which are Sluice's; 2 threads).
Usage: lightgbm_train.py TRAIN.csv [MODEL.txt]       train (and save the booster)
       lightgbm_train.py --predict MODEL.txt TEST.csv  load, predict_proba, write nothing
       lightgbm_train.py --auc MODEL.txt TEST.csv      print the held-out AUC and log loss
"""
import sys

import lightgbm as lgb
import pandas as pd
from sklearn.metrics import log_loss, roc_auc_score

NUMERIC = ["amount", "score", "delta", "temperature", "age", "visits", "balance", "latency_ms",
           "ratio"]
CATEGORICAL = ["is_active", "region", "plan", "country", "device"]
LEVELS = {}


def load(path):
    frame = pd.read_csv(path, usecols=NUMERIC + CATEGORICAL + ["label"])
    for column in CATEGORICAL:
        frame[column] = frame[column].astype(str).astype("category")
    return frame


if sys.argv[1] in ("--predict", "--auc"):
    booster = lgb.Booster(model_file=sys.argv[2])
    test = load(sys.argv[3])
    # The training categories, so codes mean the same (pandas_categorical of the model).
    for column, levels in zip(CATEGORICAL, booster.pandas_categorical or []):
        test[column] = pd.Categorical(test[column], categories=levels)
    proba = booster.predict(test[NUMERIC + CATEGORICAL], num_threads=2)
    if sys.argv[1] == "--auc":
        print("lightgbm roc_auc", roc_auc_score(test["label"], proba),
              "log_loss", log_loss(test["label"], proba))
else:
    train = load(sys.argv[1])
    model = lgb.LGBMClassifier(n_jobs=2, verbose=-1)
    model.fit(train[NUMERIC + CATEGORICAL], train["label"])
    if len(sys.argv) > 2:
        model.booster_.save_model(sys.argv[2])
