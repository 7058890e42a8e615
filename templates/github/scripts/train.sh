#!/usr/bin/env bash
# Splits the data (stable: the same rows go to test on every run) and trains the candidate.
#   SLUICE_DATA, SLUICE_TARGET (required); SLUICE_TEST_FRACTION (0.2), SLUICE_SEED (42),
#   SLUICE_KEY (""; row order), SLUICE_MODEL (auto), SLUICE_TRAIN_ARGS (extra train options,
#   split into words on blanks, never evaluated by a shell), SLUICE_SCHEMA_FILE (optional:
#   column roles from the schema).
# Writes train.csv, test.csv and model.json into the output directory.
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

data="${SLUICE_DATA:?SLUICE_DATA names the training table}"
target="${SLUICE_TARGET:?SLUICE_TARGET names the target column}"

split=(split-data "$data" --test-fraction "${SLUICE_TEST_FRACTION:-0.2}" --seed "${SLUICE_SEED:-42}"
  --train-out "$sluice_out/train.csv" --test-out "$sluice_out/test.csv")
if [ -n "${SLUICE_KEY:-}" ]; then split+=(--key "$SLUICE_KEY"); fi
"${split[@]}"

train=(train "$sluice_out/train.csv" --target "$target" -o "$sluice_out/model.json" --quiet)
model="${SLUICE_MODEL:-auto}"
if [ "$model" != auto ] && [ -n "$model" ]; then train+=(--model "$model"); fi
if [ -n "${SLUICE_SCHEMA_FILE:-}" ] && [ -f "$SLUICE_SCHEMA_FILE" ]; then
  train+=(--schema "$SLUICE_SCHEMA_FILE")
fi
extra=()
if [ -n "${SLUICE_TRAIN_ARGS:-}" ]; then read -r -a extra <<<"$SLUICE_TRAIN_ARGS"; fi
tracked "${train[@]}" "${extra[@]}"
note "trained $sluice_out/model.json on $sluice_out/train.csv"
