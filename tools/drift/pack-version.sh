#!/usr/bin/env bash
# Checks that a release tag names the policy pack's version: tag vX.Y.Z <=> policies/package.json "version": "X.Y.Z".
# `pulumi policy publish` publishes the version in package.json; a tag that says otherwise is a mistake.
#   usage: tools/drift/pack-version.sh TAG [PACK_DIR]       e.g. tools/drift/pack-version.sh "$GITHUB_REF_NAME"
set -euo pipefail
if [ "$#" -lt 1 ] || [ -z "$1" ]; then
  echo "usage: tools/drift/pack-version.sh TAG [PACK_DIR]" >&2
  exit 2
fi
tag="$1"
pack_dir="${2:-policies}"
if [[ "$tag" != v* ]]; then
  echo "::error::tag $tag does not start with v (expected v<version>, e.g. v0.1.0)"
  exit 1
fi
want="${tag#v}"
have="$(node -p 'require(require("path").resolve(process.argv[1], "package.json")).version || ""' "$pack_dir")"
if [ "$have" != "$want" ]; then
  echo "::error::tag $tag asks for policy pack version $want, but $pack_dir/package.json has version ${have:-(none)}: bump it (npm version --workspace $pack_dir $want) or fix the tag"
  exit 1
fi
echo "Policy pack version $have matches tag $tag."
