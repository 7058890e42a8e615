#!/usr/bin/env python3
"""Sluice benchmark harness (driven by bench/run; Python standard library only).

For each workload, every competitor command is run as a whole process --runs
times; the table reports min and median wall seconds, the peak RSS (max over
runs, from GNU time's %M) and both relative to the `sluice` row.

Add a workload or a competitor in WORKLOADS below. A command is a template
string run with the repository root as working directory; placeholders:

  {data}    the generated mixed CSV, e.g. bench/data/mixed-1000000.csv
  {data2}   a second file of the same shape from the next seed (drift's "current")
  {schema}  bench/data/mixed-ROWS.schema.json, for workloads whose setup writes it
  {bin}     the Sluice binary directory, e.g. .build/release
  {py}      the oracle virtualenv's Python, .venv-test/bin/python
  {stream}  a shell group writing the data file followed by STREAM_COPIES-1
            header-less copies of it to stdout (~1.1 GB at 1M rows)
  {stream5g} the same with STREAM_5GB_COPIES copies (~5 GB at 1M rows)
  {time}    the measuring prefix (`/usr/bin/time -f '%e %M %U %S' -o FILE`)

Without {time}, a command is split with shlex and run directly under
/usr/bin/time: wall time and peak RSS are the process's own. With {time}, the
command is a bash pipeline and {time} stands right before the one process
whose peak RSS is reported; the wall time is then the whole pipeline's.

`requires` lists paths (templates) that must exist and be executable, else the
row is reported as missing rather than failed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA_DIR = REPO / "bench" / "data"
OUT_DIR = REPO / "bench" / "out"
GEN = REPO / "bench" / "gen_mixed.py"
SETUP_VENV = REPO / "ci" / "setup-python-oracles"
VENV_PY = ".venv-test/bin/python"
GNU_TIME = "/usr/bin/time"
TIME_SHOWN = f"{GNU_TIME} -f '%e %M %U'"
REFERENCE = "sluice"  # label of the row the others are compared with
STREAM_COPIES = 7  # {stream}: the file once, then 6 more times without header
STREAM_5GB_COPIES = 32  # {stream5g}: ~5 GB at 1M rows
ORACLE_PACKAGES = ["numpy", "pandas", "polars", "duckdb", "scipy", "scikit-learn", "pandera"]


@dataclass
class Command:
    label: str
    cmd: str
    requires: list[str] = field(default_factory=list)
    note: str = ""


@dataclass
class Workload:
    description: str
    commands: list[Command]
    # Untimed commands run once before the timed ones (e.g. inferring the schema to check).
    setup: list[str] = field(default_factory=list)
    # Untimed commands run once after the timed ones; their stdout is shown under "Quality"
    # (e.g. the held-out score of each tool's model, so speed is compared at equal quality).
    quality: list[str] = field(default_factory=list)

LOGIT_SHAPES = {
    "a": "1M rows, 13 numeric (4 with missing values) + categoricals of 2, 3, 5, 20 and 200 "
         "levels (247 features), binary",
    "b": "200k rows x 500 dense numeric, binary",
    "c": "500k rows x 20 numeric, 10 classes (multinomial)",
    "d": "500k rows x 30 numeric: scales from 1e-6 to 1e6, 10 nearly collinear pairs, binary",
    "e": "500k rows x 20 numeric + a 10-level categorical, binary with a 1% minority class",
}


def logit_workload(shape: str) -> Workload:
    """Issue 17's logistic shapes (bench/gen_logit.py): train on its train file, score the
    test file; the held-out log loss and the iteration counts are the quality lines."""
    data = f"bench/data/logit-{shape}"
    model = f"bench/out/logit-{shape}-model.json"
    return Workload(
        description=(f"Train `--model logistic` on {LOGIT_SHAPES[shape]} (bench/gen_logit.py "
                     f"{shape}), whole process; quality is the held-out log loss on a quarter "
                     "as many rows from the same model."),
        setup=[f"{{py}} bench/gen_logit.py {shape}"],
        commands=[
            Command("sluice", f"{{bin}}/train {data}-train.csv --target label --model logistic "
                    f"-o {model} --quiet", requires=["{bin}/train"],
                    note="Newton with the exact Hessian when the columns are few (one-hot "
                         "groups count once), multiclass on many rows Newton with the Hessian "
                         "of an 8,192-row sample, else L-BFGS; tolerance 1e-4 (scikit-learn's)"),
            Command("scikit-learn", f"{{py}} bench/sklearn_logit.py {data}-train.csv",
                    note="pandas load; SimpleImputer(median, add_indicator) + StandardScaler, "
                         "OneHotEncoder; LogisticRegression(max_iter=1000) (lbfgs, tol 1e-4)"),
        ],
        quality=[
            f"{{bin}}/predict {model} {data}-test.csv -o bench/out/logit-{shape}-predictions.csv "
            f"&& {{py}} bench/heldout.py bench/out/logit-{shape}-predictions.csv label sluice",
            f"{{py}} -c \"import json; t = json.load(open('{model}'))['training']; "
            f"print('sluice iterations', t['iterations'], 'converged', t['converged'])\"",
            f"{{py}} bench/sklearn_logit.py {data}-train.csv {data}-test.csv "
            "| sed 's/^/scikit-learn /'",
        ],
    )


def py(code: str) -> str:
    """A `{py} -c "CODE"` command template (CODE may use {data}).

    Double-quoted for the shell so that the table shows readable commands."""
    for ch in '\\"$`':
        code = code.replace(ch, "\\" + ch)
    return '{py} -c "' + code + '"'


SLUICE_VALIDATE = "{bin}/validate-data"

# ---------------------------------------------------------------------------
# Workloads: name -> description and (label, command) rows. Later issues add
# rows or workloads here and nowhere else.
# ---------------------------------------------------------------------------
# Issue 7: a 200 MB model artifact (50M float32 weights, standard normal, seed 0).
ARTIFACT_200MB = ("[ -f bench/data/artifact-200mb.bin ] || {py} -c \"import numpy as np; np.random.default_rng(0).standard_normal(50_000_000).astype('<f4').tofile('bench/data/artifact-200mb.bin')\"")

# Issue 17: the wide mixed table for drift, cached under bench/data (fixed at 1M rows).
DRIFT_REFERENCE = "bench/data/drift-1000000-s1.csv"
DRIFT_CURRENT = "bench/data/drift-1000000-s2.csv"
DRIFT_SHIFTED = "bench/data/drift-1000000-s2-shift.csv"
DRIFT_PROFILE = "bench/out/drift-1000000-s1.profile.json"
DRIFT_REFERENCE_GEN = ("[ -f " + DRIFT_REFERENCE + " ] || python3 bench/gen_drift_table.py "
                       "--rows 1000000 --seed 1 --out " + DRIFT_REFERENCE)
DRIFT_CURRENT_GEN = ("[ -f " + DRIFT_CURRENT + " ] || python3 bench/gen_drift_table.py "
                     "--rows 1000000 --seed 2 --out " + DRIFT_CURRENT)
DRIFT_SHIFTED_GEN = ("[ -f " + DRIFT_SHIFTED + " ] || python3 bench/gen_drift_table.py "
                     "--rows 1000000 --seed 2 --shift 0.05 --out " + DRIFT_SHIFTED)

WORKLOADS: dict[str, Workload] = {
    "read": Workload(
        description="Read every field of the mixed CSV and infer column types.",
        commands=[
            Command("sluice", "{bin}/validate-data infer {data} -o /dev/null",
                    requires=[SLUICE_VALIDATE]),
            Command("wc -l", "wc -l {data}", note="floor: counts newlines, parses nothing"),
            Command("pandas", py("import pandas as pd; df = pd.read_csv('{data}'); print(len(df))"),
                    note="default C engine, every column; dates stay strings"),
            Command("polars", py("import polars as pl; df = pl.read_csv('{data}', null_values=['NA']); "
                                 "print(df.height)"),
                    note="every column, default threads; null_values=['NA'] else it fails on `NA`"),
            Command("duckdb", py("import duckdb; duckdb.sql(\"CREATE TABLE t AS SELECT * FROM "
                                 "read_csv('{data}', nullstr=['NA', ''])\"); "
                                 "print(duckdb.sql('SELECT count(*) FROM t').fetchall()[0][0])"),
                    note="in-process, materialises every column into a table; NA as null"),
        ],
    ),
    "stream-1gb": Workload(
        description=(f"Memory: pipe the mixed CSV plus {STREAM_COPIES - 1} header-less copies "
                     f"(~1.1 GB at 1M rows) through stdin, no 1 GB file on disk. "
                     "Peak RSS is that of the reading process alone; wall time is the "
                     "whole pipeline's."),
        commands=[
            Command("sluice", "{stream} | {time} {bin}/validate-data infer - -o /dev/null",
                    requires=[SLUICE_VALIDATE]),
            Command("wc -l", "{stream} | {time} wc -l", note="floor: counts newlines"),
            Command("pandas (chunked)",
                    "{stream} | {time} " + py(
                        "import sys, pandas as pd; "
                        "print(sum(len(c) for c in pd.read_csv(sys.stdin, chunksize=100_000)))"),
                    note="streams 100k-row chunks; types inferred per chunk"),
            Command("polars",
                    "{stream} | {time} " + py(
                        "import sys, polars as pl; "
                        "df = pl.read_csv(sys.stdin.buffer, null_values=['NA']); print(df.height)"),
                    note="materialises the whole input"),
            Command("duckdb",
                    "{stream} | {time} " + py(
                        "import duckdb; duckdb.sql(\"CREATE TABLE t AS SELECT * FROM "
                        "read_csv('/dev/stdin', nullstr=['NA', ''])\"); "
                        "print(duckdb.sql('SELECT count(*) FROM t').fetchall()[0][0])"),
                    note="materialises the whole input in memory"),
        ],
    ),
    "profile": Workload(
        description=("Profile every column: counts, missing, min/max, mean, variance, quantiles, "
                     "distinct count, frequent values."),
        commands=[
            Command("sluice", "{bin}/validate-data profile {data} -o /dev/null",
                    requires=[SLUICE_VALIDATE],
                    note="one pass: exact moments, KLL quantiles, HyperLogLog, top values, histogram"),
            Command("duckdb SUMMARIZE", py(
                "import duckdb; r = duckdb.sql(\"SUMMARIZE SELECT * FROM read_csv('{data}', "
                "nullstr=['NA', ''])\").fetchall(); print(len(r))"),
                    note="min, max, approx_unique, avg, std, q25/q50/q75, count, null%"),
            Command("polars describe", py(
                "import polars as pl; d = pl.read_csv('{data}', null_values=['NA']).describe(); "
                "print(d.shape)"),
                    note="count, null_count, mean, std, min, quartiles, max"),
        ],
    ),
    "profile-stream-5gb": Workload(
        description=(f"Memory: profile ~5 GB of CSV ({STREAM_5GB_COPIES} copies of the mixed CSV, "
                     "one header) from stdin. Peak RSS is the profiler's alone."),
        commands=[
            Command("sluice", "{stream5g} | {time} {bin}/validate-data profile - -o /dev/null",
                    requires=[SLUICE_VALIDATE], note="fixed memory per column, whatever the length"),
        ],
    ),
    "check": Workload(
        description=("Check the file against the schema inferred from it (every rule of the "
                     "schema, all failures collected)."),
        setup=["{bin}/validate-data infer {data} -o {schema}"],
        commands=[
            Command("sluice", "{bin}/validate-data check {data} --schema {schema}",
                    requires=[SLUICE_VALIDATE]),
            Command("pandera", "{py} bench/pandera_check.py {data} {schema}",
                    note="pandas load + the same checks, lazy=True (all failures)"),
        ],
    ),
    "drift": Workload(
        description="Drift of a second 1M-row file (next seed) against the first, every column.",
        commands=[
            Command("sluice", "{bin}/validate-data drift {data2} --reference {data}",
                    requires=[SLUICE_VALIDATE],
                    note="PSI, KS (asymptotic p), Wasserstein; JS, PSI, chi-square, L-inf"),
            Command("pandas + scipy", "{py} bench/scipy_drift.py {data2} {data}",
                    note="pandas loads both; ks_2samp per numeric, chi2_contingency per categorical"),
        ],
    ),
    # Issue 17: the wide mixed table (14 numeric, categoricals of 5 to 5,000 levels, free
    # text), 1M rows a side, from bench/gen_drift_table.py; the current file drifted a little.
    "drift-mixed": Workload(
        description=("Drift of a 1M-row file of the wide mixed table (14 numeric, categoricals "
                     "of 5/20/200/1000/5000 levels, free text; bench/gen_drift_table.py, seed 2) "
                     "against another (seed 1), every column; and against a stored profile of "
                     "the reference."),
        setup=[DRIFT_REFERENCE_GEN, DRIFT_CURRENT_GEN,
               "{bin}/validate-data profile " + DRIFT_REFERENCE + " -o " + DRIFT_PROFILE],
        commands=[
            Command("sluice", "{bin}/validate-data drift " + DRIFT_CURRENT + " --reference "
                    + DRIFT_REFERENCE, requires=[SLUICE_VALIDATE],
                    note="PSI, KS (asymptotic p), Wasserstein; JS, PSI, chi-square, L-inf; "
                         "the text column is skipped (mostly distinct)"),
            Command("sluice (profile)", "{bin}/validate-data drift " + DRIFT_CURRENT
                    + " --reference " + DRIFT_PROFILE, requires=[SLUICE_VALIDATE],
                    note="the reference is a stored profile (sketches), made in setup"),
            Command("pandas + scipy", "{py} bench/scipy_drift.py " + DRIFT_CURRENT + " "
                    + DRIFT_REFERENCE,
                    note="pandas loads both; ks_2samp per numeric, chi2_contingency per "
                         "categorical of at most 100 values (so 200+ levels are not compared)"),
        ],
    ),
    "drift-mixed-shift": Workload(
        description=("Drift of a 1M-row file of the wide mixed table as in drift-mixed, but the "
                     "current file drifted a little (--shift 0.05: numeric means move by 0.05 "
                     "standard deviations), so most KS p-values take the exact Smirnov sum."),
        setup=[DRIFT_REFERENCE_GEN, DRIFT_SHIFTED_GEN,
               "{bin}/validate-data profile " + DRIFT_REFERENCE + " -o " + DRIFT_PROFILE],
        commands=[
            Command("sluice", "{bin}/validate-data drift " + DRIFT_SHIFTED + " --reference "
                    + DRIFT_REFERENCE, requires=[SLUICE_VALIDATE],
                    note="PSI, KS (asymptotic p), Wasserstein; JS, PSI, chi-square, L-inf; "
                         "the text column is skipped (mostly distinct)"),
            Command("sluice (profile)", "{bin}/validate-data drift " + DRIFT_SHIFTED
                    + " --reference " + DRIFT_PROFILE, requires=[SLUICE_VALIDATE],
                    note="the reference is a stored profile (sketches), made in setup"),
            Command("pandas + scipy", "{py} bench/scipy_drift.py " + DRIFT_SHIFTED + " "
                    + DRIFT_REFERENCE,
                    note="pandas loads both; ks_2samp per numeric, chi2_contingency per "
                         "categorical of at most 100 values (so 200+ levels are not compared)"),
        ],
    ),
    "evaluate-mixed": Workload(
        description=("Every binary metric of `evaluate` of a 10M-row predictions file as "
                     "`predict` writes it for a model of the wide mixed table: scores with every "
                     "digit (almost no ties) and the task column (bench/numpy_metrics.py "
                     "--generate-full), intervals off, load included in every row."),
        setup=["[ -f bench/data/predictions-full-10000000.csv ] || {py} bench/numpy_metrics.py "
               "--generate-full 10000000 bench/data/predictions-full-10000000.csv"],
        commands=[
            Command("sluice", "{bin}/evaluate --predictions "
                    "bench/data/predictions-full-10000000.csv --target y -o /dev/null",
                    requires=["{bin}/evaluate"]),
            Command("scikit-learn", "{py} bench/sklearn_metrics.py "
                    "bench/data/predictions-full-10000000.csv",
                    note="polars load; one scikit-learn call per metric, ECE in numpy"),
            Command("numpy", "{py} bench/numpy_metrics.py "
                    "bench/data/predictions-full-10000000.csv",
                    note="polars load; hand-written, one argsort shared by AUC and AP"),
        ],
    ),
    "train": Workload(
        description=("Train a binary logistic regression (numeric features median-imputed with "
                     "missing indicators and standardised, categoricals one-hot) on the 80% "
                     "split of the mixed file, whole process; quality is the held-out log loss "
                     "on the other 20%."),
        setup=["{bin}/split-data {data} --test-fraction 0.2 --seed 1 --key id "
               "--train-out bench/out/train-split.csv --test-out bench/out/test-split.csv"],
        commands=[
            Command("sluice", "{bin}/train bench/out/train-split.csv --target label --ignore id "
                    "--ignore comment --ignore city -o bench/out/train-model.json --quiet",
                    requires=["{bin}/train"], note="L-BFGS, tolerance 1e-4 (scikit-learn's)"),
            Command("scikit-learn", "{py} bench/sklearn_train.py bench/out/train-split.csv",
                    note="pandas load; SimpleImputer(median, add_indicator) + StandardScaler, "
                         "OneHotEncoder; LogisticRegression() (lbfgs, tol 1e-4)"),
        ],
        quality=[
            "{bin}/predict bench/out/train-model.json bench/out/test-split.csv "
            "-o bench/out/train-predictions.csv && "
            "{py} bench/heldout.py bench/out/train-predictions.csv label sluice",
            "{py} bench/sklearn_train.py bench/out/train-split.csv bench/out/test-split.csv "
            "| sed 's/^/scikit-learn /'",
        ],
    ),
    "train-gbdt": Workload(
        description=("Train gradient-boosted trees (LightGBM's defaults: 100 rounds, 31 leaves; "
                     "categoricals native) on the 80% split of the mixed file, whole process, "
                     "2 threads on both sides; quality is the held-out AUC on the other 20%."),
        setup=["{bin}/split-data {data} --test-fraction 0.2 --seed 1 --key id "
               "--train-out bench/out/train-split.csv --test-out bench/out/test-split.csv"],
        commands=[
            Command("sluice", "{bin}/train bench/out/train-split.csv --target label --ignore id "
                    "--ignore comment --ignore city --model gbdt --threads 2 "
                    "-o bench/out/gbdt-model.json --quiet", requires=["{bin}/train"]),
            Command("LightGBM", "{py} bench/lightgbm_train.py bench/out/train-split.csv "
                    "bench/out/lightgbm-model.txt", note="pandas load, LGBMClassifier(n_jobs=2)"),
        ],
        quality=[
            "{bin}/evaluate bench/out/gbdt-model.json bench/out/test-split.csv "
            "-o bench/out/gbdt-metrics.json && {py} -c \"import json; m = json.load(open("
            "'bench/out/gbdt-metrics.json')); print('sluice roc_auc', m['roc_auc'], "
            "'log_loss', m['log_loss'])\"",
            "{py} bench/lightgbm_train.py --auc bench/out/lightgbm-model.txt "
            "bench/out/test-split.csv",
        ],
    ),
    "predict-gbdt": Workload(
        description=("Score the 20% split of the mixed file with the train-gbdt models (run "
                     "train-gbdt first): Sluice's predict (predictions file written) against "
                     "LightGBM's predict_proba after a pandas load, whole process."),
        setup=[],
        commands=[
            Command("sluice", "{bin}/predict bench/out/gbdt-model.json bench/out/test-split.csv "
                    "--threads 2 -o bench/out/gbdt-predictions.csv", requires=["{bin}/predict"]),
            Command("LightGBM", "{py} bench/lightgbm_train.py --predict "
                    "bench/out/lightgbm-model.txt bench/out/test-split.csv",
                    note="pandas load, Booster.predict(num_threads=2)"),
        ],
    ),
    "logit-a": logit_workload("a"),
    "logit-b": logit_workload("b"),
    "logit-c": logit_workload("c"),
    "logit-d": logit_workload("d"),
    "logit-e": logit_workload("e"),
    "train-text": Workload(
        description=("Train a binary logistic regression on hashed word uni- and bigrams "
                     "(scikit-learn's HashingVectorizer defaults, 2^20 features) of 200,000 "
                     "synthetic reviews (bench/gen_text.py), whole process; quality is the "
                     "held-out accuracy on 50,000 more."),
        setup=["[ -f bench/data/text-250000.tsv ] || python3 bench/gen_text.py 250000 "
               "bench/data/text-250000.tsv",
               "head -n 200001 bench/data/text-250000.tsv > bench/out/text-train.tsv && "
               "(head -n 1 bench/data/text-250000.tsv; tail -n 50000 bench/data/text-250000.tsv)"
               " > bench/out/text-test.tsv"],
        commands=[
            Command("sluice", "{bin}/train bench/out/text-train.tsv --target label --text sentence "
                    "-o bench/out/text-model.json --quiet", requires=["{bin}/train"]),
            Command("scikit-learn", "{py} bench/sklearn_text.py bench/out/text-train.tsv",
                    note="pandas load; HashingVectorizer(ngram_range=(1, 2)) + "
                         "LogisticRegression() (lbfgs, tol 1e-4)"),
        ],
        quality=[
            "{bin}/predict bench/out/text-model.json bench/out/text-test.tsv "
            "-o bench/out/text-predictions.csv && "
            "{py} bench/heldout.py bench/out/text-predictions.csv label sluice",
            "{py} bench/sklearn_text.py bench/out/text-train.tsv bench/out/text-test.tsv "
            "| sed 's/^/scikit-learn /'",
        ],
    ),
    "evaluate": Workload(
        description=("Every binary metric of `evaluate` (accuracy, balanced accuracy, precision, "
                     "recall, F1, ROC AUC, average precision, log loss, Brier, ECE) of a "
                     "10M-row predictions file (bench/numpy_metrics.py --generate), intervals "
                     "off, load included in every row."),
        setup=["[ -f bench/data/predictions-10000000.csv ] || {py} bench/numpy_metrics.py "
               "--generate 10000000 bench/data/predictions-10000000.csv"],
        commands=[
            Command("sluice", "{bin}/evaluate --predictions bench/data/predictions-10000000.csv "
                    "--target y -o /dev/null", requires=["{bin}/evaluate"],
                    note="only the needed columns parsed; one radix sort for AUC and AP"),
            Command("scikit-learn", "{py} bench/sklearn_metrics.py "
                    "bench/data/predictions-10000000.csv",
                    note="polars load; one scikit-learn call per metric, ECE in numpy"),
            Command("numpy", "{py} bench/numpy_metrics.py bench/data/predictions-10000000.csv",
                    note="polars load; hand-written, one argsort shared by AUC and AP"),
        ],
    ),
    "evaluate-bootstrap": Workload(
        description=("95% percentile bootstrap intervals of every binary metric: 1,000 rounds "
                     "on a 100k-row predictions file, load included."),
        setup=["[ -f bench/data/predictions-100000.csv ] || {py} bench/numpy_metrics.py "
               "--generate 100000 bench/data/predictions-100000.csv"],
        commands=[
            Command("sluice", "{bin}/evaluate --predictions bench/data/predictions-100000.csv "
                    "--target y --bootstrap 1000 -o /dev/null", requires=["{bin}/evaluate"],
                    note="rounds as row multiplicities over one sort; seeded per round"),
            Command("numpy", "{py} bench/numpy_metrics.py bench/data/predictions-100000.csv "
                    "--bootstrap 1000",
                    note="resample, re-sort and recompute every round"),
        ],
    ),
    "hash-200mb": Workload(
        description=("SHA-256 of a 200 MB artifact (50M float32 normal weights): Sluice's own "
                     "SHA-256 (`package-model hash`, sha256sum's output format) vs coreutils."),
        setup=[ARTIFACT_200MB],
        commands=[
            Command("sluice", "{bin}/package-model hash bench/data/artifact-200mb.bin",
                    requires=["{bin}/package-model"]),
            Command("sha256sum", "sha256sum bench/data/artifact-200mb.bin"),
        ],
    ),
    "package-200mb": Workload(
        description=("Package the penguins model with the 200 MB artifact into a reproducible "
                     "bundle (hash, ustar, gzip -6 via zlib, manifest, card, provenance) vs GNU "
                     "tar + gzip -6 of the same files (the bundle, extracted once in setup); "
                     "quality is the output size."),
        setup=[ARTIFACT_200MB,
               "{bin}/train examples/penguins/penguins.csv --target species "
               "-o bench/out/penguins-model.json --quiet",
               "{bin}/package-model bench/out/penguins-model.json --name bench "
               "--model-version 1 --artifact bench/data/artifact-200mb.bin "
               "-o bench/out/bench-1.tar.gz && rm -rf bench/out/bundle-tree && "
               "mkdir bench/out/bundle-tree && tar xzf bench/out/bench-1.tar.gz "
               "-C bench/out/bundle-tree"],
        commands=[
            Command("sluice", "{bin}/package-model bench/out/penguins-model.json --name bench "
                    "--model-version 1 --artifact bench/data/artifact-200mb.bin "
                    "-o bench/out/bench-1.tar.gz", requires=["{bin}/package-model"]),
            Command("tar czf", "tar czf bench/out/tar-bundle.tar.gz -C bench/out/bundle-tree "
                    "bench-1", note="gzip's default level 6; directory order"),
            Command("tar --sort=name czf", "tar --sort=name -czf bench/out/tar-sorted.tar.gz "
                    "-C bench/out/bundle-tree bench-1", note="GNU tar's reproducible order"),
        ],
        quality=["stat -c '%s bytes: sluice bundle' bench/out/bench-1.tar.gz",
                 "stat -c '%s bytes: tar czf' bench/out/tar-bundle.tar.gz",
                 "stat -c '%s bytes: tar --sort=name czf' bench/out/tar-sorted.tar.gz"],
    ),
}


# ---------------------------------------------------------------------------


def log(msg: str) -> None:
    print(f"bench: {msg}", file=sys.stderr, flush=True)


def run_quiet(argv: list[str], **kw) -> str:
    try:
        return subprocess.run(argv, capture_output=True, text=True, timeout=60, **kw).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def ensure_data(rows: int, seed: int) -> Path:
    """Generate bench/data/mixed-ROWS[-sSEED].csv unless a matching copy is cached.

    The cache key is rows + seed + the generator's sha256 + Python minor version
    (kept in a .meta sidecar), so editing gen_mixed.py regenerates the data.
    """
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    name = f"mixed-{rows}.csv" if seed == 42 else f"mixed-{rows}-s{seed}.csv"
    path = DATA_DIR / name
    meta_path = path.with_suffix(".meta")
    meta = {"rows": rows, "seed": seed, "generator_sha256": sha256_file(GEN),
            "python": "%d.%d" % sys.version_info[:2]}
    if path.exists() and meta_path.exists():
        try:
            if json.loads(meta_path.read_text()) == meta:
                log(f"data: cached {path.relative_to(REPO)} ({path.stat().st_size / 1e6:.1f} MB)")
                return path
        except (OSError, ValueError):
            pass
    log(f"data: generating {path.relative_to(REPO)} ({rows} rows, seed {seed})")
    t0 = time.perf_counter()
    subprocess.run([sys.executable, str(GEN), "--rows", str(rows), "--seed", str(seed),
                    "--out", str(path)], check=True)
    meta_path.write_text(json.dumps(meta) + "\n")
    log(f"data: {path.stat().st_size / 1e6:.1f} MB in {time.perf_counter() - t0:.1f} s")
    return path


def ensure_venv() -> None:
    log("venv: ci/setup-python-oracles")
    subprocess.run([str(SETUP_VENV)], check=True, cwd=REPO, stdout=sys.stderr)


def build_sluice(scratch: str) -> None:
    argv = ["swift", "build", "-c", "release"]
    if scratch != ".build":
        argv += ["--scratch-path", scratch]
    log("build: " + " ".join(argv))
    if shutil.which("swift") is None:
        log("build: swift not found; sluice rows will be reported missing")
        return
    r = subprocess.run(argv, cwd=REPO, stdout=sys.stderr, stderr=sys.stderr)
    if r.returncode != 0:
        log(f"build: FAILED (exit {r.returncode}); using whatever binaries exist")


def machine_facts() -> dict[str, str]:
    facts: dict[str, str] = {}
    facts["date"] = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    facts["nproc"] = run_quiet(["nproc"]) or str(os.cpu_count())
    # A loaded machine stretches wall times; the tables' user and sys columns much less.
    facts["load average at start (1, 5, 15 min)"] = " ".join("%.2f" % x for x in os.getloadavg())
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    facts["cpu"] = cpu or platform.processor() or "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                facts["ram"] = "%.1f GiB" % (int(line.split()[1]) / 1024 / 1024)
    except OSError:
        pass
    os_name = ""
    try:
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                os_name = line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    facts["os"] = f"{os_name or platform.system()} (kernel {platform.release()})"
    swift = run_quiet(["swift", "--version"]).splitlines()
    facts["swift"] = next((l for l in swift if "Swift version" in l), swift[0] if swift else "not found")
    vpy = REPO / VENV_PY
    if vpy.exists():
        code = ("import importlib.metadata as m, platform\n"
                "out = ['python ' + platform.python_version()]\n"
                f"for p in {ORACLE_PACKAGES!r}:\n"
                "    try: out.append(p + ' ' + m.version(p))\n"
                "    except m.PackageNotFoundError: out.append(p + ' missing')\n"
                "print(', '.join(out))")
        facts["python"] = run_quiet([str(vpy), "-c", code]) or "unknown"
    else:
        facts["python"] = f"{platform.python_version()} (no {VENV_PY})"
    rev = run_quiet(["git", "rev-parse", "--short", "HEAD"], cwd=REPO)
    dirty = run_quiet(["git", "status", "--porcelain", "--untracked-files=no"], cwd=REPO)
    facts["sluice commit"] = (rev or "no commit yet") + (" (dirty)" if dirty else "")
    return facts


@dataclass
class Result:
    label: str
    command: str  # as shown: {stream} kept, {time} shown as the GNU time format only
    executed: str  # exactly what ran, minus the -o FILE of {time}
    note: str
    status: str = "ok"  # ok | missing | failed
    walls: list[float] = field(default_factory=list)
    rss_kb: list[int] = field(default_factory=list)
    # CPU seconds of the measured process (GNU time's %U and %S): on a shared, loaded machine
    # the wall time stretches with the load, the CPU time much less.
    user_s: list[float] = field(default_factory=list)
    sys_s: list[float] = field(default_factory=list)
    stdout: str = ""
    error: str = ""

    @property
    def min_s(self) -> float:
        return min(self.walls)

    @property
    def median_s(self) -> float:
        return statistics.median(self.walls)

    @property
    def median_user_s(self) -> float:
        return statistics.median(self.user_s) if self.user_s else float("nan")

    @property
    def peak_mb(self) -> float:
        return max(self.rss_kb) / 1024.0


def substitute(template: str, subst: dict[str, str]) -> str:
    out = template
    for key, value in subst.items():
        out = out.replace("{" + key + "}", value)
    return out


def run_once(cmd: str, timeout: float) -> tuple[float, int, str, str, int, float, float]:
    """Run one command; return (wall s, peak RSS KB, stdout, stderr, exit code, user s, sys s)."""
    with tempfile.NamedTemporaryFile(prefix="sluice-bench-time.", delete=False) as tf:
        time_file = tf.name
    try:
        prefix = f"{GNU_TIME} -f '%e %M %U %S' -o {shlex.quote(time_file)}"
        if "{time}" in cmd:
            argv = ["bash", "-o", "pipefail", "-c", cmd.replace("{time}", prefix)]
        else:
            argv = shlex.split(prefix) + ["--"] + shlex.split(cmd)
        t0 = time.perf_counter()
        p = subprocess.run(argv, cwd=REPO, capture_output=True, text=True, timeout=timeout,
                           stdin=subprocess.DEVNULL)
        wall = time.perf_counter() - t0
        rss = 0
        user = system = 0.0
        lines = [l for l in Path(time_file).read_text().splitlines() if l.strip()]
        # GNU time writes "Command exited with non-zero status N" before its format line.
        if lines:
            fields = lines[-1].split()
            if len(fields) == 4 and fields[1].isdigit():
                rss = int(fields[1])
                user, system = float(fields[2]), float(fields[3])
        return wall, rss, p.stdout, p.stderr, p.returncode, user, system
    finally:
        os.unlink(time_file)


def bench_workload(name: str, wl: Workload, subst: dict[str, str], runs: int, warmup: int,
                   timeout: float) -> list[Result]:
    results = []
    for c in wl.commands:
        cmd = substitute(c.cmd, subst)
        shown = substitute(c.cmd, {k: v for k, v in subst.items() if k != "stream"})
        r = Result(c.label, shown.replace("{time}", TIME_SHOWN), cmd.replace("{time}", TIME_SHOWN),
                   c.note)
        results.append(r)
        missing = [p for p in (substitute(q, subst) for q in c.requires)
                   if not os.access(REPO / p, os.X_OK)]
        if missing:
            r.status = "missing"
            r.error = ("sluice binary missing: " if c.label == REFERENCE else "missing: ") + ", ".join(missing)
            log(f"{name}/{c.label}: {r.error}")
            continue
        for i in range(warmup + runs):
            timed = i >= warmup
            tag = f"run {i - warmup + 1}/{runs}" if timed else f"warm-up {i + 1}/{warmup}"
            try:
                wall, rss, out, err, code, user, system = run_once(cmd, timeout)
            except subprocess.TimeoutExpired:
                r.status, r.error = "failed", f"timed out after {timeout:.0f} s"
                log(f"{name}/{c.label} {tag}: {r.error}")
                break
            if code != 0:
                r.status = "failed"
                tail = "\n".join(err.strip().splitlines()[-8:])
                r.error = f"exit {code}: {tail}"
                log(f"{name}/{c.label} {tag}: FAILED exit {code}\n{tail}")
                break
            log(f"{name}/{c.label} {tag}: {wall:.3f} s (user {user:.2f} s, sys {system:.2f} s), "
                f"{rss / 1024:.0f} MB")
            if timed:
                r.walls.append(wall)
                r.rss_kb.append(rss)
                r.user_s.append(user)
                r.sys_s.append(system)
                r.stdout = out.strip().splitlines()[-1][:60] if out.strip() else ""
    return results


def md_escape(s: str) -> str:
    return s.replace("|", "\\|").replace("\n", "\\n")


def render(name: str, wl: Workload, results: list[Result], data: Path, subst: dict[str, str]) -> str:
    ref = next((r for r in results if r.label == REFERENCE and r.status == "ok"), None)
    reads_data = any("{data}" in c.cmd or "{stream" in c.cmd for c in wl.commands) or any(
        "{data}" in step for step in wl.setup)
    input_line = (f"Input: `{data.relative_to(REPO)}` ({data.stat().st_size / 1e6:.1f} MB). "
                  if reads_data else "")
    lines = [f"### `{name}`", "", wl.description, "",
             input_line + f"Times relative to `{REFERENCE}` (> 1× = slower / more memory than Sluice).", ""]
    if any("{stream}" in c.cmd for c in wl.commands):
        size = data.stat().st_size
        with data.open("rb") as f:
            header_len = len(f.readline())
        streamed = size + (STREAM_COPIES - 1) * (size - header_len)
        lines += [f"`{{stream}}` is `{subst['stream']}` ({streamed / 1e6:.0f} MB on stdin).", ""]
    lines += [
             "| tool | command | min s | median s | peak RSS MB | time vs Sluice | RSS vs Sluice "
             "| median user s | median sys s | stdout |",
             "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    for r in results:
        cmd = f"`{md_escape(r.command)}`"
        if r.status != "ok":
            what = "**missing**" if r.status == "missing" else "**failed**"
            lines.append(f"| {r.label} | {cmd} | {what} | | | | | | | {md_escape(r.error.splitlines()[0])} |")
            continue
        if ref is not None:
            rel_t = f"{r.median_s / ref.median_s:.2f}×" if ref.median_s > 0 else "n/a"
            rel_m = f"{r.peak_mb / ref.peak_mb:.2f}×" if ref.peak_mb > 0 else "n/a"
        else:
            rel_t = rel_m = "n/a"
        lines.append(f"| {r.label} | {cmd} | {r.min_s:.3f} | {r.median_s:.3f} | {r.peak_mb:.0f} "
                     f"| {rel_t} | {rel_m} | {statistics.median(r.user_s):.2f} "
                     f"| {statistics.median(r.sys_s):.2f} | {md_escape(r.stdout)} |")
    notes = [f"- {r.label}: {r.note}" for r in results if r.note]
    if notes:
        lines += ["", "Notes:", *notes]
    failures = [r for r in results if r.status == "failed"]
    for r in failures:
        lines += ["", f"`{r.label}` failed:", "```", r.error, "```"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="bench/run",
        description="Time Sluice against pandas, polars, DuckDB and floors on generated CSV.")
    ap.add_argument("workloads", nargs="*", metavar="WORKLOAD",
                    help=f"workloads to run (default: all: {', '.join(WORKLOADS)})")
    ap.add_argument("--rows", type=int, default=1_000_000, help="rows of generated data (default 1000000)")
    ap.add_argument("--seed", type=int, default=42, help="generator seed (default 42)")
    ap.add_argument("--runs", type=int, default=5, help="timed runs per command (default 5)")
    ap.add_argument("--warmup", type=int, default=0, help="untimed runs per command first (default 0)")
    ap.add_argument("--timeout", type=float, default=1800, help="seconds per run (default 1800)")
    ap.add_argument("--no-build", action="store_true", help="do not run swift build -c release")
    ap.add_argument("--scratch-path", default=".build",
                    help="SwiftPM scratch path to build into and take binaries from (default .build)")
    ap.add_argument("--bin-dir", default=None,
                    help="directory holding the Sluice binaries, relative to the repo root or "
                         "absolute (default SCRATCH/release); implies --no-build when given")
    ap.add_argument("--no-venv", action="store_true", help="do not run ci/setup-python-oracles")
    ap.add_argument("--list", action="store_true", help="list workloads and commands, then exit")
    args = ap.parse_args(argv)

    unknown = [w for w in args.workloads if w not in WORKLOADS]
    if unknown:
        ap.error(f"unknown workload(s): {', '.join(unknown)}; known: {', '.join(WORKLOADS)}")
    selected = args.workloads or list(WORKLOADS)
    if args.runs < 1:
        ap.error("--runs must be >= 1")

    if args.list:
        for name in selected:
            print(f"{name}: {WORKLOADS[name].description}")
            for c in WORKLOADS[name].commands:
                print(f"  {c.label}: {c.cmd}")
        return 0

    if not os.access(GNU_TIME, os.X_OK):
        log(f"{GNU_TIME} (GNU time) is required: apt-get install time")
        return 1

    if args.bin_dir is not None:
        bin_dir = args.bin_dir
    else:
        bin_dir = f"{args.scratch_path.rstrip('/')}/release"
        if not args.no_build:
            build_sluice(args.scratch_path)

    if not args.no_venv:
        ensure_venv()
    data = ensure_data(args.rows, args.seed)
    data_rel = str(data.relative_to(REPO))

    stream = "{ cat %s; for _ in $(seq %d); do tail -n +2 %s; done; }" % (
        shlex.quote(data_rel), STREAM_COPIES - 1, shlex.quote(data_rel))
    stream5g = "{ cat %s; for _ in $(seq %d); do tail -n +2 %s; done; }" % (
        shlex.quote(data_rel), STREAM_5GB_COPIES - 1, shlex.quote(data_rel))
    data2_rel = data_rel
    if any("{data2}" in c.cmd for name in selected for c in WORKLOADS[name].commands):
        data2_rel = str(ensure_data(args.rows, args.seed + 1).relative_to(REPO))
    schema_rel = str(data.with_suffix(".schema.json").relative_to(REPO))
    subst = {"data": data_rel, "bin": bin_dir, "py": VENV_PY, "stream": stream,
             "stream5g": stream5g,
             "data2": data2_rel, "schema": schema_rel}

    # Put the data file in the page cache so no run pays for the first disk read.
    subprocess.run(["cat", str(data)], stdout=subprocess.DEVNULL, check=True)

    facts = machine_facts()
    sections = []
    raw = {"facts": facts, "rows": args.rows, "seed": args.seed, "runs": args.runs, "workloads": {}}
    for name in selected:
        log(f"workload {name}")
        for step in WORKLOADS[name].setup:
            command = step.format(**subst)
            log(f"setup: {command}")
            subprocess.run(command, shell=True, cwd=REPO, check=True, stdout=subprocess.DEVNULL)
        results = bench_workload(name, WORKLOADS[name], subst, args.runs, args.warmup, args.timeout)
        section = render(name, WORKLOADS[name], results, data, subst)
        quality = []
        for step in WORKLOADS[name].quality:
            command = step.format(**subst)
            log(f"quality: {command}")
            done = subprocess.run(command, shell=True, cwd=REPO, capture_output=True, text=True)
            quality += [f"- {line}" for line in done.stdout.strip().splitlines()]
            if done.returncode != 0:
                quality.append(f"- failed ({done.returncode}): {done.stderr.strip()[:200]}")
        if quality:
            section += "\n\nQuality:\n" + "\n".join(quality)
        sections.append(section)
        raw["workloads"][name] = [r.__dict__ for r in results]

    header = [f"## Sluice benchmarks: {args.rows} rows, {args.runs} run(s) each", "",
              "Machine:", ""] + [f"- {k}: {v}" for k, v in facts.items()]
    report = "\n".join(header) + "\n\n" + "\n\n".join(sections) + "\n"
    print(report)

    OUT_DIR.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    (OUT_DIR / f"results-{stamp}.md").write_text(report)
    (OUT_DIR / f"results-{stamp}.json").write_text(json.dumps(raw, indent=2) + "\n")
    log(f"wrote bench/out/results-{stamp}.md and .json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
