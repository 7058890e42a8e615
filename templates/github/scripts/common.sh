#!/usr/bin/env bash
# Shared helpers of the Sluice GitHub scripts (sourced, never run). Every input arrives in
# an environment variable (SLUICE_*), never interpolated into a script by the workflow.
# The token is passed to curl through a header file with mode 600, so it never appears in
# a process list, a log line or an artifact.

set -euo pipefail

sluice_out="${SLUICE_OUT:-sluice-out}"
mkdir -p "$sluice_out"

# Prints a notice (a GitHub annotation when running in Actions).
note() {
  if [ "${GITHUB_ACTIONS:-}" = true ]; then echo "::notice title=sluice::$*"; else echo "sluice: $*" >&2; fi
}

warn() {
  if [ "${GITHUB_ACTIONS:-}" = true ]; then echo "::warning title=sluice::$*"; else echo "sluice: warning: $*" >&2; fi
}

die() {
  if [ "${GITHUB_ACTIONS:-}" = true ]; then echo "::error title=sluice::$*"; else echo "sluice: error: $*" >&2; fi
  exit 1
}

# Appends Markdown to the job's step summary (a no-op outside Actions).
summary() {
  if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then cat >>"$GITHUB_STEP_SUMMARY"; else cat >/dev/null; fi
}

# Sets a step output (a no-op outside Actions).
set_output() {
  if [ -n "${GITHUB_OUTPUT:-}" ]; then echo "$1=$2" >>"$GITHUB_OUTPUT"; fi
}

# The REST API root (GITHUB_API_URL is set by Actions; tests point it at a stub server).
api_root() { echo "${GITHUB_API_URL:-https://api.github.com}"; }

# The authorization header file, readable only by this user, removed on exit (printf is a
# builtin: the token is on no command line).
SLUICE_AUTH_FILE="$(mktemp)"
chmod 600 "$SLUICE_AUTH_FILE"
if [ -n "${GITHUB_TOKEN:-}" ]; then
  printf 'Authorization: Bearer %s\n' "$GITHUB_TOKEN" >"$SLUICE_AUTH_FILE"
fi
trap 'rm -f "$SLUICE_AUTH_FILE" "$API_BODY"' EXIT
sluice_auth_header() { echo "$SLUICE_AUTH_FILE"; }

# api METHOD URL [BODY_FILE] [CONTENT_TYPE]: leaves the response body in the file
# $API_BODY and the HTTP status in API_STATUS (000 when the server cannot be reached). Call
# it in this shell, never in $(...), so both stay visible. Never fails, so a caller decides
# what a refusal means (a fork's pull request cannot comment: not an error).
API_BODY="$(mktemp)"
api() {
  local method="$1" url="$2" body="${3:-}" type="${4:-application/json}" header
  header="$(sluice_auth_header)"
  local args=(--silent --show-error --location --request "$method" --header "@$header"
    --header "Accept: application/vnd.github+json"
    --header "X-GitHub-Api-Version: 2022-11-28"
    --output "$API_BODY" --write-out '%{http_code}')
  if [ -n "$body" ]; then args+=(--header "Content-Type: $type" --data-binary "@$body"); fi
  : >"$API_BODY"
  API_STATUS="$(curl "${args[@]}" "$url" 2>/dev/null || true)"
  [ -n "$API_STATUS" ] || API_STATUS=000
}

# Downloads URL (an API asset URL) to FILE; fails on any HTTP error.
api_download() {
  local url="$1" file="$2" header
  header="$(sluice_auth_header)"
  curl --silent --show-error --fail --location --header "@$header" \
    --header "Accept: application/octet-stream" --output "$file" "$url"
}

# The task recorded by evaluate in metrics.json (binary, multiclass or regression).
metrics_task() { jq -r '.meta.task // "binary"' "$1"; }

# The primary metric: SLUICE_METRIC, or by task when "auto".
primary_metric() {
  local metric="${SLUICE_METRIC:-auto}"
  if [ "$metric" != auto ] && [ -n "$metric" ]; then echo "$metric"; return; fi
  case "$(metrics_task "$1")" in
    regression) echo rmse ;;
    multiclass) echo roc_auc_ovr ;;
    *) echo roc_auc ;;
  esac
}

# Whether a smaller value of the metric is better (errors and losses).
lower_is_better() {
  case "$1" in
    rmse | mse | mae | mape | log_loss | brier | median_absolute_error | max_error) return 0 ;;
    *) return 1 ;;
  esac
}

# The MLflow Model Registry holds the champion when mlflow-model names a registered model
# and the caller passes MLFLOW_TRACKING_URI (a secret; a fork's pull request gets none).
registry_on() {
  [ -n "${SLUICE_MLFLOW_MODEL:-}" ] || return 1
  if [ -z "${MLFLOW_TRACKING_URI:-}" ]; then
    note "mlflow-model is set but MLFLOW_TRACKING_URI is not: the registry is not used"
    return 1
  fi
}

# tracked TOOL ARGS...: runs a tool in the pipeline's one MLflow run (when
# MLFLOW_TRACKING_URI is set): the first tool opens it, its id travels in
# sluice-out/mlflow-run-id (in the candidate's artifact), later steps add to it through
# MLFLOW_RUN_ID, so a registered version's run holds evaluate's metrics.
tracked() {
  if [ -z "${MLFLOW_TRACKING_URI:-}" ]; then "$@"; return; fi
  local status=0
  if [ -z "${MLFLOW_RUN_ID:-}" ] && [ -s "$sluice_out/mlflow-run-id" ]; then
    MLFLOW_RUN_ID="$(cat "$sluice_out/mlflow-run-id")"
    export MLFLOW_RUN_ID
  fi
  "$@" 2>"$sluice_out/tool.log" || status=$?
  cat "$sluice_out/tool.log" >&2
  if [ ! -s "$sluice_out/mlflow-run-id" ]; then
    sed -n 's/^[a-z-]*: MLflow run \([0-9a-f][0-9a-f]*\): .*/\1/p' "$sluice_out/tool.log" |
      head -n1 >"$sluice_out/mlflow-run-id"
  fi
  return "$status"
}

# registry_set_alias ALIAS VERSION: points ALIAS of SLUICE_MLFLOW_MODEL at VERSION (MLflow's
# REST API); the credentials reach curl through a mode-600 header file.
registry_set_alias() {
  local headers body
  headers="$(mktemp)"
  chmod 600 "$headers"
  echo "Content-Type: application/json" >"$headers"
  if [ -n "${MLFLOW_TRACKING_TOKEN:-}" ]; then
    printf 'Authorization: Bearer %s\n' "$MLFLOW_TRACKING_TOKEN" >>"$headers"
  elif [ -n "${MLFLOW_TRACKING_USERNAME:-}" ]; then
    printf 'Authorization: Basic %s\n' "$(printf '%s:%s' "$MLFLOW_TRACKING_USERNAME" \
      "${MLFLOW_TRACKING_PASSWORD:-}" | base64 | tr -d '\n')" >>"$headers"
  fi
  body="$(jq -cn --arg n "$SLUICE_MLFLOW_MODEL" --arg a "$1" --arg v "$2" \
    '{name: $n, alias: $a, version: $v}')"
  curl -fsS -o /dev/null -H "@$headers" -X POST --data "$body" \
    "${MLFLOW_TRACKING_URI%/}/api/2.0/mlflow/registered-models/alias" || {
    rm -f "$headers"
    return 1
  }
  rm -f "$headers"
}
