#!/usr/bin/env bash
# Publishes a verified bundle as the new champion: a release tagged
# sluice-champion-<run number>-<attempt> on this commit, with the bundle, its provenance and
# metrics.json as assets. It is created as a draft, filled, then published, so a
# half-uploaded champion is never picked; make_latest is false, so the repository's own
# "latest release" is left alone.
#   SLUICE_BUNDLE (the bundle path), SLUICE_VERDICT (the gate's verdict: must be "pass"),
#   GITHUB_REPOSITORY, GITHUB_SHA, GITHUB_TOKEN (contents: write), GITHUB_API_URL.
# Roll back: mark the bad champion's release a pre-release (or delete it); champion.sh then
# picks the one before.
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

bundle="${SLUICE_BUNDLE:?SLUICE_BUNDLE names the bundle to publish}"
repository="${GITHUB_REPOSITORY:?GITHUB_REPOSITORY names the repository}"
[ "${SLUICE_VERDICT:-}" = pass ] || die "the gate did not pass (verdict '${SLUICE_VERDICT:-}'): not publishing"
package-model verify "$bundle" --provenance "$bundle.intoto.json" >&2

tag="sluice-champion-${GITHUB_RUN_NUMBER:-0}-${GITHUB_RUN_ATTEMPT:-1}"
request="$(mktemp)"
jq -n --arg tag "$tag" --arg sha "${GITHUB_SHA:-}" --arg name "$(basename "$bundle" .tar.gz)" \
  '{tag_name: $tag, name: ("Sluice champion " + $name), draft: true, prerelease: false,
    make_latest: "false", body: "Model bundle published by the Sluice pipeline; its gate passed."}
   + (if $sha == "" then {} else {target_commitish: $sha} end)' >"$request"
api POST "$(api_root)/repos/$repository/releases" "$request"
release="$(cat "$API_BODY")"
[ "$API_STATUS" = 201 ] || die "could not create release $tag (HTTP $API_STATUS)"
id="$(jq -r '.id' <<<"$release")"
upload="$(jq -r '.upload_url' <<<"$release")"
upload="${upload%%\{*}"

for file in "$bundle" "$bundle.intoto.json" "$sluice_out/metrics.json"; do
  name="$(basename "$file")"
  [ "$file" != "$sluice_out/metrics.json" ] || name="$(basename "$bundle" .tar.gz).metrics.json"
  api POST "$upload?name=$name" "$file" application/octet-stream
  [ "$API_STATUS" = 201 ] || die "could not upload $name to release $tag (HTTP $API_STATUS)"
done

echo '{"draft": false}' >"$request"
api PATCH "$(api_root)/repos/$repository/releases/$id" "$request"
[ "$API_STATUS" = 200 ] || die "could not publish release $tag (HTTP $API_STATUS)"
rm -f "$request"
set_output tag "$tag"
note "published the new champion $tag"
if [ -s "$sluice_out/registry-version" ] && registry_on; then
  registered="$(cat "$sluice_out/registry-version")"
  registry_set_alias champion "$registered" ||
    die "could not move alias champion of $SLUICE_MLFLOW_MODEL to version $registered"
  note "registry: models:/$SLUICE_MLFLOW_MODEL@champion is version $registered"
fi
printf '### Sluice: new champion\n\n%s (release %s).\n' "$(basename "$bundle")" "$tag" | summary
