#!/usr/bin/env bash
# Regenerates packages/types/src/gen from proto/ and fails when the result
# differs from what is committed, so stale generated code can never land.
set -euo pipefail
cd "$(dirname "$0")/.."
npx buf generate
if [ -n "$(git status --porcelain -- packages/types/src/gen)" ]; then
  echo "codegen drift: packages/types/src/gen differs from proto/ (run 'npm run generate' and commit):" >&2
  git status --porcelain -- packages/types/src/gen >&2
  git --no-pager diff --stat -- packages/types/src/gen >&2
  exit 1
fi
echo "codegen: packages/types/src/gen is up to date"
