#!/usr/bin/env bash
# Prints the hash that names a build of the Sluice checkout DIR (default: the checkout these
# scripts belong to): the SHA-256 of Package.swift and every file under Sources, in path
# order, cut to 32 hex digits. The setup action keys its cache by it, and install.sh keys the
# build's folder by it, so two checkouts built on one runner never share a folder.
set -euo pipefail
cd "${1:-$(dirname "${BASH_SOURCE[0]}")/../../..}"
find Package.swift Sources -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum |
  sha256sum | cut -c1-32
