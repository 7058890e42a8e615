#!/usr/bin/env bash
# Fetches the champion: the bundle of the newest published (not draft, not pre-release)
# release whose tag starts with "sluice-champion-", made by the default branch's last
# successful pipeline. Rolling back = marking the current champion's release a pre-release
# (or deleting it): the one before becomes the champion again.
#   GITHUB_REPOSITORY, GITHUB_TOKEN (contents: read), GITHUB_API_URL.
# Writes champion/bundle.tar.gz (+ .intoto.json) after package-model verify passed; outputs
# found=true|false and tag. No champion is not an error: the gate then runs as a first run.
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

repository="${GITHUB_REPOSITORY:?GITHUB_REPOSITORY names the repository}"
dir="$sluice_out/champion"
rm -rf "$dir"
mkdir -p "$dir"

api GET "$(api_root)/repos/$repository/releases?per_page=100"
releases="$(cat "$API_BODY")"
if [ "$API_STATUS" != 200 ]; then
  warn "cannot list the releases of $repository (HTTP $API_STATUS); running as a first run"
  set_output found false
  exit 0
fi
release="$(jq -c '[.[] | select((.draft | not) and (.prerelease | not)
  and (.tag_name | startswith("sluice-champion-")))] | first // empty' <<<"$releases")"
if [ -z "$release" ]; then
  note "no champion yet (no release sluice-champion-*): this is a first run"
  set_output found false
  exit 0
fi
tag="$(jq -r '.tag_name' <<<"$release")"
for suffix in .tar.gz .tar.gz.intoto.json; do
  url="$(jq -r --arg s "$suffix" '[.assets[] | select(.name | endswith($s))] | first | .url // empty' <<<"$release")"
  [ -n "$url" ] || die "champion release $tag has no *$suffix asset"
  api_download "$url" "$dir/bundle$suffix"
done
package-model verify "$dir/bundle.tar.gz" --provenance "$dir/bundle.tar.gz.intoto.json" ||
  die "the champion bundle of $tag failed verification"
echo "$tag" >"$dir/tag"
set_output found true
set_output tag "$tag"
note "champion: $tag"
