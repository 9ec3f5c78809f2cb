#!/usr/bin/env bash
# Regenerates packages/types/src/gen from proto/, conformance/src/gen from
# conformance/proto/ (the client-under-test protocol, issue 11) and the Python
# adapter's stubs conformance/adapters/python/gen from both (with Debian's
# protoc and grpc_python_plugin, which ensure-python-grpc.sh installs) and fails when
# the result differs from what is committed, so stale generated code can never land.
set -euo pipefail
cd "$(dirname "$0")/.."
npx buf generate
npx buf generate --template conformance/buf.gen.yaml
bash scripts/ensure-python-grpc.sh
npx buf generate --template conformance/adapters/python/buf.gen.yaml
status=0
for dir in packages/types/src/gen conformance/src/gen conformance/adapters/python/gen; do
  if [ -n "$(git status --porcelain -- "$dir")" ]; then
    echo "codegen drift: $dir differs from its protos (run 'npm run generate' and commit):" >&2
    git status --porcelain -- "$dir" >&2
    git --no-pager diff --stat -- "$dir" >&2
    status=1
  else
    echo "codegen: $dir is up to date"
  fi
done
exit $status
