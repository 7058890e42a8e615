#!/usr/bin/env bash
# Issue 12 on a quiet machine: infer, profile and train at 1000 x 50,000 / 1000 x 100,000
# (columns) and 50,000 x 1000 / 100,000 x 1000 (rows): one warm-up run, then 2 timed runs.
# Usage: bench/wide-quiet.sh [TOOL...]   (TOOL: infer, profile, train; default all three)
set -u
cd "$(dirname "$0")/.."
bin=.build/release
out=bench/out/wide
mkdir -p $out
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg); commit $(git rev-parse --short HEAD)"
for shape in 1000x50000 1000x100000 50000x1000 100000x1000; do
  data=bench/data/wide-$shape.csv
  cat $data > /dev/null
  for tool in ${@:-infer profile train}; do
    case $tool in
      infer) cmd=($bin/validate-data infer $data -o $out/schema.json) ;;
      train) cmd=($bin/train $data --target label --quiet -o $out/model.json) ;;
      profile) cmd=($bin/validate-data profile $data -o $out/profile.json) ;;
    esac
    for run in warm 1 2; do
      /usr/bin/time -f "$shape $tool $run wall %e user %U sys %S rss_kb %M" "${cmd[@]}" 2>&1 >/dev/null | tail -1
    done
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
