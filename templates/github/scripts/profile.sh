#!/usr/bin/env bash
# Profiles a large table in shards and merges them (strategy.matrix fans out, one job reduces).
#   profile.sh shard I N   profile rows of shard I of N of SLUICE_DATA into
#                          sluice-out/shards/profile-I-of-N.json (validate-data profile --shard)
#   profile.sh merge       merge sluice-out/shards/*.json into sluice-out/profile.json
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

mkdir -p "$sluice_out/shards"
case "${1:-}" in
  shard)
    data="${SLUICE_DATA:?SLUICE_DATA names the table}"
    validate-data profile "$data" --shard "$2/$3" -o "$sluice_out/shards/profile-$2-of-$3.json"
    ;;
  merge)
    shopt -s nullglob
    shards=("$sluice_out"/shards/*.json)
    [ "${#shards[@]}" -gt 0 ] || die "no shard profiles in $sluice_out/shards"
    if [ "${#shards[@]}" = 1 ]; then
      cp "${shards[0]}" "$sluice_out/profile.json"
    else
      validate-data merge "${shards[@]}" -o "$sluice_out/profile.json"
    fi
    set_output profile "$sluice_out/profile.json"
    ;;
  *) die "usage: profile.sh shard I N | profile.sh merge" ;;
esac
