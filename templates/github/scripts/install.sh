#!/usr/bin/env bash
# Installs the Sluice tools and puts them on PATH (GITHUB_PATH).
#   SLUICE_VERSION     "latest" (the newest release), a release tag, or "source": build the
#                      checkout in SLUICE_SOURCE_DIR with the runner's Swift.
#   SLUICE_REPOSITORY  owner/name of the repository whose releases hold the binaries.
#   SLUICE_INSTALL_DIR where the tools go (default: $RUNNER_TOOL_CACHE/sluice or ~/.cache/sluice).
#   GITHUB_TOKEN       optional: raises the API rate limit; reads private releases.
# A release binary is used only when its archive's SHA-256 matches the release's SHA256SUMS.
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

version="${SLUICE_VERSION:-latest}"
root="${SLUICE_INSTALL_DIR:-${RUNNER_TOOL_CACHE:-$HOME/.cache}/sluice}"
tools=(validate-data split-data train predict evaluate gate package-model)

case "$(uname -m)" in
  x86_64 | amd64) arch=x86_64 ;;
  aarch64 | arm64) arch=aarch64 ;;
  *) die "no Sluice release for $(uname -m); use sluice-version: source" ;;
esac

# Self-hosted runners share one tool cache between jobs, so a matrix's jobs may install the
# same version at once: each fills a private folder beside $bin and renames it into place,
# so a job sees no folder or a complete one (marked by its key), never a half-written one.
# A failed run leaves no staging or download folder behind (common.sh's files too).
staging=""
work=""
trap 'rm -f "$SLUICE_AUTH_FILE" "$API_BODY"; rm -rf ${staging:+"$staging"} ${work:+"$work"}' EXIT
# installed KEY: $bin holds a complete install made for KEY.
installed() { [ -f "$bin/.sluice-installed" ] && [ "$(cat "$bin/.sluice-installed")" = "$1" ]; }
# stage: a new empty folder beside $bin (same file system, so the rename is atomic).
stage() {
  mkdir -p "$(dirname "$bin")"
  staging="$(mktemp -d "$(dirname "$bin")/.install.XXXXXX")"
  chmod 755 "$staging"
}
# publish KEY: checks the staged tools, marks them, and renames them to $bin. An older
# install in the way is moved aside first; a job that lost the race to a complete install
# of the same KEY uses that one.
publish() {
  local key="$1" aside
  for tool in "${tools[@]}"; do
    [ -x "$staging/$tool" ] || { rm -rf "$staging"; die "the install of Sluice lacks $tool"; }
  done
  echo "$key" >"$staging/.sluice-installed"
  if [ -e "$bin" ] && ! installed "$key"; then
    aside="$(mktemp -d "$(dirname "$bin")/.old.XXXXXX")"
    mv "$bin" "$aside/" 2>/dev/null || true
    rm -rf "$aside"
  fi
  if ! mv -T "$staging" "$bin" 2>/dev/null; then
    rm -rf "$staging"
    installed "$key" || die "cannot install Sluice into $bin"
  fi
}

if [ "$version" = source ]; then
  source_dir="${SLUICE_SOURCE_DIR:?SLUICE_SOURCE_DIR names the checkout to build}"
  # Each source gets its own folder: jobs building different checkouts on one runner at once
  # must not replace each other's tools (a job's PATH names its folder for the whole job).
  hash="${SLUICE_SOURCE_HASH:-$("$(dirname "${BASH_SOURCE[0]}")/source-hash.sh" "$source_dir")}"
  [[ "$hash" =~ ^[0-9a-f]{32}$ ]] || die "the source hash '$hash' is not 32 hex digits"
  bin="$root/source/$hash/bin"
  if installed "source $hash"; then
    note "using the cached build of this source ($hash)"
  else
    note "building Sluice from $source_dir with $(swift --version 2>&1 | head -1)"
    swift build -c release --static-swift-stdlib --package-path "$source_dir" >&2
    products="$(swift build -c release --package-path "$source_dir" --show-bin-path)"
    stage
    for tool in "${tools[@]}"; do cp "$products/$tool" "$staging/$tool"; done
    publish "source $hash"
  fi
else
  repository="${SLUICE_REPOSITORY:?SLUICE_REPOSITORY names the repository with the releases}"
  if [ "$version" = latest ]; then
    release_url="$(api_root)/repos/$repository/releases/latest"
  else
    release_url="$(api_root)/repos/$repository/releases/tags/$version"
  fi
  api GET "$release_url"
  release="$(cat "$API_BODY")"
  [ "$API_STATUS" = 200 ] || die "no release '$version' in $repository (HTTP $API_STATUS)"
  tag="$(jq -r '.tag_name' <<<"$release")"
  asset="sluice-$tag-linux-$arch.tar.gz"
  bin="$root/$tag/$arch/bin"
  if installed "release $tag $arch"; then
    note "Sluice $tag is already installed in $bin"
  else
    work="$(mktemp -d)"
    for name in "$asset" SHA256SUMS; do
      url="$(jq -r --arg name "$name" '.assets[] | select(.name == $name) | .url' <<<"$release")"
      [ -n "$url" ] || die "release $tag has no asset $name"
      api_download "$url" "$work/$name"
    done
    # Only the line of our archive is checked; a missing line is a failure, not a skip.
    grep -E "^[0-9a-f]{64}  \*?$asset\$" "$work/SHA256SUMS" >"$work/expected" ||
      die "SHA256SUMS of $tag lists no checksum for $asset"
    (cd "$work" && sha256sum --check --strict "expected" >&2) ||
      die "$asset does not match the SHA256SUMS of release $tag"
    stage
    tar -xzf "$work/$asset" -C "$staging" --strip-components=2 --wildcards '*/bin/*'
    rm -rf "$work"
    publish "release $tag $arch"
  fi
fi

for tool in "${tools[@]}"; do [ -x "$bin/$tool" ] || die "$bin/$tool is missing"; done
if [ -n "${GITHUB_PATH:-}" ]; then echo "$bin" >>"$GITHUB_PATH"; fi
set_output bin "$bin"
installed="$("$bin/validate-data" --version)"
set_output version "$installed"
note "installed $installed in $bin"
