#!/usr/bin/env bash
# Compares new data with the champion's references: the inputs with the bundle's
# profile.json, and the champion's prediction scores on the new data with the scores it
# gave on its own test rows (artifacts/predictions.profile.json).
#   SLUICE_MONITOR_DATA (required), SLUICE_TARGET (required: left out of both comparisons,
#   labels arrive later than inputs). champion.sh must have fetched the champion.
# Writes drift-inputs.{md,json,junit.xml} and drift-scores.{md,json,junit.xml}; exit 1 when
# either drifted.
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

data="${SLUICE_MONITOR_DATA:?SLUICE_MONITOR_DATA names the new data (input monitor-data)}"
target="${SLUICE_TARGET:?SLUICE_TARGET names the target column}"
bundle="$sluice_out/champion/bundle.tar.gz"
[ -f "$bundle" ] || die "no champion to monitor: publish one from the default branch first"

refs="$sluice_out/champion/files"
rm -rf "$refs"
mkdir -p "$refs"
tar -xzf "$bundle" -C "$refs" --strip-components=1 --wildcards '*/profile.json' \
  '*/artifacts/predictions.profile.json'

status=0
validate-data drift "$data" --reference "$refs/profile.json" --skip-column "$target" \
  --markdown "$sluice_out/drift-inputs.md" --json "$sluice_out/drift-inputs.json" \
  --junit "$sluice_out/drift-inputs.junit.xml" || status=1
predict "$bundle" "$data" -o "$sluice_out/monitor-predictions.csv"
skip=(--skip-column row --skip-column sluice_task)
if head -1 "$sluice_out/monitor-predictions.csv" | tr ',' '\n' | grep -qxF "$target"; then
  skip+=(--skip-column "$target")
fi
validate-data drift "$sluice_out/monitor-predictions.csv" \
  --reference "$refs/artifacts/predictions.profile.json" "${skip[@]}" \
  --markdown "$sluice_out/drift-scores.md" --json "$sluice_out/drift-scores.json" \
  --junit "$sluice_out/drift-scores.junit.xml" || status=1
if [ "$status" = 0 ]; then note "no drift in inputs or scores"; else warn "drift: see drift-inputs.md and drift-scores.md"; fi
exit "$status"
