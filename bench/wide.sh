#!/usr/bin/env bash
# Wide-table benchmark (issue 12): the same cell count as many columns or as many rows, and
# half of each, through `validate-data infer`, `validate-data profile` and `train`.
#
#   bench/wide.sh [--no-build] [SHAPE ...]     SHAPE is ROWSxCOLS, e.g. 1000x100000
#
# Default shapes: 1000x100000 500x100000 100000x1000 50000x1000 (rows x columns).
# Data: bench/gen_wide.py (seed 42), cached as bench/data/wide-ROWSxCOLS.csv.
# Prints one Markdown row per tool and shape: wall seconds and peak RSS from
# `/usr/bin/time -v`, and the profile's size. Run it on a quiet machine; it prints the load.
set -euo pipefail
cd "$(dirname "$0")/.."
build=1
if [[ "${1:-}" == "--no-build" ]]; then build=0; shift; fi
shapes=("$@")
if [[ ${#shapes[@]} -eq 0 ]]; then shapes=(1000x100000 500x100000 100000x1000 50000x1000); fi
if [[ $build -eq 1 ]]; then swift build -c release >&2; fi
bin=.build/release
mkdir -p bench/data bench/out
out=bench/out/wide
mkdir -p "$out"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; commit $(git rev-parse --short HEAD)"
echo
echo "| rows × columns | cells | tool | wall s | peak RSS MB | output MB |"
echo "| ---: | ---: | --- | ---: | ---: | ---: |"
for shape in "${shapes[@]}"; do
  rows=${shape%x*}
  cols=${shape#*x}
  data=bench/data/wide-${rows}x${cols}.csv
  [[ -f $data ]] || python3 bench/gen_wide.py --rows "$rows" --cols "$cols" --out "$data"
  cat "$data" > /dev/null # into the page cache
  for tool in infer profile train; do
    case $tool in
      infer) cmd=("$bin/validate-data" infer "$data" -o "$out/schema.json") ;;
      profile) cmd=("$bin/validate-data" profile "$data" -o "$out/profile.json") ;;
      train) cmd=("$bin/train" "$data" --target label --quiet -o "$out/model.json") ;;
    esac
    /usr/bin/time -v "${cmd[@]}" 2> "$out/time.txt" > /dev/null
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, t, ":"); s = 0;
      for (i = 1; i <= n; i++) s = s * 60 + t[i]; printf "%.2f", s}' "$out/time.txt")
    rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$out/time.txt")
    case $tool in
      infer) size=$(stat -c %s "$out/schema.json") ;;
      profile) size=$(stat -c %s "$out/profile.json") ;;
      train) size=$(stat -c %s "$out/model.json") ;;
    esac
    printf "| %s × %s | %s | %s | %s | %s | %.1f |\n" "$rows" "$cols" "$((rows * cols))" \
      "$tool" "$wall" "$rss" "$(echo "$size / 1048576" | bc -l)"
  done
done
echo
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
