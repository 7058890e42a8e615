#!/usr/bin/env bash
# Hands the champion to a serving target: extracts the verified champion bundle's MLflow
# model (mlflow/: MLmodel + model.onnx) into deploy/mlflow-model and prints the commands
# that serve it. champion.sh must have fetched the champion.
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

bundle="$sluice_out/champion/bundle.tar.gz"
[ -f "$bundle" ] || die "no champion to deploy: publish one from the default branch first"
dir="$sluice_out/deploy"
rm -rf "$dir"
mkdir -p "$dir/bundle"
tar -xzf "$bundle" -C "$dir/bundle" --strip-components=1
cp -R "$dir/bundle/mlflow" "$dir/mlflow-model"
set_output model "$dir/mlflow-model"
{
  echo "### Sluice: deploy $(cat "$sluice_out/champion/tag" 2>/dev/null || echo champion)"
  echo
  echo "Serve the champion's MLflow model (pyfunc over ONNX):"
  echo
  echo '```sh'
  echo "mlflow models serve -m $dir/mlflow-model --env-manager local --host 127.0.0.1 --port 5000"
  echo "curl -s http://127.0.0.1:5000/invocations -H 'Content-Type: application/json' \\"
  echo "  --data @$dir/mlflow-model/serving_input_example.json"
  echo "mlflow models build-docker -m $dir/mlflow-model -n sluice-model   # a container image"
  echo '```'
} | tee /dev/stderr | summary
