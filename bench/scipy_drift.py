"""Drift of two CSVs the way a data scientist writes it: pandas loads both, scipy's
two-sample KS test on every numeric column, chi-square (no correction) on every categorical
column with at most 100 values. The benchmark's counterpart of `validate-data drift`.
Usage: scipy_drift.py CURRENT REFERENCE
"""
import sys

import numpy as np
import pandas as pd
from scipy import stats

current, reference = (pd.read_csv(path) for path in sys.argv[1:3])
drifted = 0
for name in reference.columns:
    a, b = reference[name].dropna(), current[name].dropna()
    if pd.api.types.is_numeric_dtype(a) and pd.api.types.is_numeric_dtype(b):
        p = stats.ks_2samp(a.to_numpy(), b.to_numpy()).pvalue
    elif a.nunique() <= 100:
        table = pd.concat([a.value_counts(), b.value_counts()], axis=1).fillna(0).to_numpy().T
        p = stats.chi2_contingency(table, correction=False).pvalue
    else:
        continue
    drifted += p < 0.05
print("drifted columns:", drifted)
