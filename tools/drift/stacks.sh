#!/usr/bin/env bash
# Prints the repository's stacks as a JSON array for a GitHub Actions matrix: one entry per
# Pulumi.<stack>.yaml next to Pulumi.yaml.
#   usage: tools/drift/stacks.sh [PROJECT_DIR]        e.g. ["dev","prod"]
# In a workflow: echo "stacks=$(tools/drift/stacks.sh)" >> "$GITHUB_OUTPUT"
set -euo pipefail
dir="${1:-.}"
if [ ! -f "$dir/Pulumi.yaml" ]; then
  echo "stacks.sh: no Pulumi.yaml in $dir" >&2
  exit 2
fi
names=()
shopt -s nullglob
for file in "$dir"/Pulumi.*.yaml; do
  name="$(basename "$file")"
  name="${name#Pulumi.}"
  name="${name%.yaml}"
  # Pulumi stack names are letters, digits, '-', '_' and '.'; anything else is not a stack file.
  if [[ "$name" =~ ^[A-Za-z0-9_.-]+$ ]]; then
    names+=("\"$name\"")
  fi
done
if [ "${#names[@]}" -eq 0 ]; then
  echo "stacks.sh: no Pulumi.<stack>.yaml in $dir" >&2
  exit 2
fi
(IFS=,; echo "[${names[*]}]")
