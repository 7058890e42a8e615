#!/usr/bin/env bash
# Packages the candidate as a verified bundle with its drift references.
#   SLUICE_DATA (required), SLUICE_BUNDLE_NAME (model), SLUICE_TARGET (required),
#   SLUICE_MODEL_VERSION (default <run number>.<run attempt>.0),
#   SLUICE_PROFILE (optional: a profile of the data already made, e.g. merged from shards).
# The bundle carries profile.json (the inputs' reference profile) and
# artifacts/predictions.profile.json (the candidate's prediction scores on its test rows):
# the two references the monitor stage compares new data and new scores with.
# Writes bundle/NAME-VERSION.tar.gz and its .intoto.json, verify.md, verify.junit.xml.
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

data="${SLUICE_DATA:?SLUICE_DATA names the training table}"
name="${SLUICE_BUNDLE_NAME:-model}"
[ -n "$name" ] || name=model
version="${SLUICE_MODEL_VERSION:-${GITHUB_RUN_NUMBER:-0}.${GITHUB_RUN_ATTEMPT:-1}.0}"

profile="${SLUICE_PROFILE:-}"
if [ -z "$profile" ]; then
  profile="$sluice_out/profile.json"
  validate-data profile "$data" -o "$profile"
fi
validate-data profile "$sluice_out/predictions.csv" -o "$sluice_out/predictions.profile.json"

bundle="$sluice_out/bundle/$name-$version.tar.gz"
mkdir -p "$sluice_out/bundle"
args=("$sluice_out/model.json" --name "$name" --model-version "$version"
  --metrics "$sluice_out/metrics.json" --profile "$profile" --data "$data"
  --artifact "$sluice_out/predictions.profile.json" -o "$bundle")
if [ -f "$sluice_out/schema.json" ]; then args+=(--schema "$sluice_out/schema.json"); fi
# mlflow-model: the bundle becomes a version of the registered model, alias "challenger";
# publish.sh moves "champion" to it when the gate passed.
rm -f "$sluice_out/registry-version"
register=0
if registry_on; then
  args+=(--register "$SLUICE_MLFLOW_MODEL" --alias challenger)
  register=1
fi
# The commit's time, so the bundle is byte-reproducible from the same commit.
SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 0)}" \
  tracked package-model "${args[@]}" 2>"$sluice_out/package.log" || {
  cat "$sluice_out/package.log" >&2
  exit 1
}
cat "$sluice_out/package.log" >&2
if [ "$register" = 1 ]; then
  # "package-model: registered NAME version N with alias 'challenger' (...)"
  sed -n 's/^package-model: registered .* version \([0-9][0-9]*\) with alias.*/\1/p' \
    "$sluice_out/package.log" | head -n1 >"$sluice_out/registry-version"
  [ -s "$sluice_out/registry-version" ] || die "package-model did not say which version it registered"
fi
package-model verify "$bundle" --provenance "$bundle.intoto.json" \
  --markdown "$sluice_out/verify.md" --junit "$sluice_out/verify.junit.xml"
set_output bundle "$bundle"
set_output version "$version"
