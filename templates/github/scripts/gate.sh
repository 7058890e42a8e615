#!/usr/bin/env bash
# Judges the candidate against the champion on the same test rows (TFX-style: the champion
# is re-scored with predict on the candidate's test.csv, so a data change cannot make the
# comparison unfair), with a paired, noise-aware gate (docs/gate.md).
#   SLUICE_TARGET (required), SLUICE_RULES (default sluice/gate-rules.json: gate rule lines),
#   SLUICE_METRIC (auto), SLUICE_MAX_DROP (0.01), SLUICE_SEED (42).
# Without a rules file the rule is "<metric> >= baseline - <max-drop>" ("<= baseline +" for
# an error such as rmse). Without a champion: a first run (baseline rules skipped, stated).
# Writes gate.md, gate.junit.xml, gate.json, rules.txt; exit 1 when the gate fails.
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

target="${SLUICE_TARGET:?SLUICE_TARGET names the target column}"
candidate="$sluice_out/metrics.json"
rules="${SLUICE_RULES:-}"
[ -n "$rules" ] || rules=sluice/gate-rules.json

if [ -f "$rules" ]; then
  cp "$rules" "$sluice_out/rules.txt"
else
  metric="$(primary_metric "$candidate")"
  drop="${SLUICE_MAX_DROP:-0.01}"
  if lower_is_better "$metric"; then
    echo "$metric <= baseline + $drop" >"$sluice_out/rules.txt"
  else
    echo "$metric >= baseline - $drop" >"$sluice_out/rules.txt"
  fi
  note "no rules file at $rules: using the default rule '$(cat "$sluice_out/rules.txt")'"
fi

args=("$candidate" --rules "$sluice_out/rules.txt" --seed "${SLUICE_SEED:-42}"
  --markdown "$sluice_out/gate.md" --junit "$sluice_out/gate.junit.xml" --json "$sluice_out/gate.json")
champion="$sluice_out/champion/bundle.tar.gz"
rm -f "$sluice_out/baseline-source"
if registry_on; then
  # The registry's champion: the metrics its version's run logged (gate reads them). An
  # error (no alias yet, server unreachable) falls back to the published bundle.
  ref="models:/$SLUICE_MLFLOW_MODEL@champion"
  status=0
  gate "${args[@]}" --baseline "$ref" || status=$?
  if [ "$status" -le 1 ]; then
    echo "the MLflow Model Registry's $ref" >"$sluice_out/baseline-source"
    note "baseline: $(cat "$sluice_out/baseline-source")"
    if [ "$status" = 0 ]; then set_output verdict pass; else set_output verdict fail; fi
    exit "$status"
  fi
  note "no champion in the registry ($ref: gate exit $status): the published bundle instead"
fi
if [ -f "$champion" ]; then
  echo "the published release $(cat "$sluice_out/champion/tag" 2>/dev/null || true)" \
    >"$sluice_out/baseline-source"
  predict "$champion" "$sluice_out/test.csv" -o "$sluice_out/champion-predictions.csv"
  evaluate --predictions "$sluice_out/champion-predictions.csv" --target "$target" \
    -o "$sluice_out/champion-metrics.json"
  args+=(--baseline "$sluice_out/champion-metrics.json" --predictions "$sluice_out/predictions.csv"
    --baseline-predictions "$sluice_out/champion-predictions.csv")
  note "gating against the champion $(cat "$sluice_out/champion/tag" 2>/dev/null || true), re-scored on this run's test rows"
else
  args+=(--first-run)
  echo "none (first run)" >"$sluice_out/baseline-source"
fi

status=0
gate "${args[@]}" || status=$?
case "$status" in
  0) set_output verdict pass ;;
  1) set_output verdict fail ;;
  *) set_output verdict error ;;
esac
exit "$status"
