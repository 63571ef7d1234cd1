#!/usr/bin/env bash
# Prints the policy pack config a stack is checked with, by the same rule as `npm run check`
# (tools/check/run.ts isProductionStack): prod, production, prod-*, prod_*, prod.* get the strict config.
#   usage: tools/drift/pack-config.sh STACK      e.g. policies/config/production.json
set -euo pipefail
if [ "$#" -ne 1 ] || [ -z "$1" ]; then
  echo "usage: tools/drift/pack-config.sh STACK" >&2
  exit 2
fi
if [[ "$1" =~ ^prod(uction)?([-_.].*)?$ ]]; then
  echo "policies/config/production.json"
else
  echo "policies/config/non-production.json"
fi
