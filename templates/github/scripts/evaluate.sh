#!/usr/bin/env bash
# Evaluates the candidate on the held-out rows with bootstrap intervals.
#   SLUICE_SEED (42) seeds the bootstrap; SLUICE_BOOTSTRAP resamples (1000).
# Reads model.json and test.csv of the output directory; writes metrics.json, metrics.md and
# predictions.csv (the per-row scores a paired gate reads).
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

tracked evaluate "$sluice_out/model.json" "$sluice_out/test.csv" --bootstrap "${SLUICE_BOOTSTRAP:-1000}" \
  --seed "${SLUICE_SEED:-42}" -o "$sluice_out/metrics.json" \
  --predictions-out "$sluice_out/predictions.csv" --markdown "$sluice_out/metrics.md"
metric="$(primary_metric "$sluice_out/metrics.json")"
set_output metric "$metric"
note "$metric = $(jq -r --arg m "$metric" '.[$m]' "$sluice_out/metrics.json")"
