#!/usr/bin/env bash
# Makes sure Debian's Python gRPC toolchain is present for the Python conformance adapter
# (issue 11, adapter 4: conformance/adapters/python): python3-grpcio and python3-protobuf for
# /usr/bin/python3, protoc (protobuf-compiler, whose built-in Python generator buf uses) and
# grpc_python_plugin (protobuf-compiler-grpc). Idempotent: does nothing when all are there.
# Otherwise installs exactly those Debian packages with apt-get (as root, or through sudo) and
# nothing from any other registry. Exits non-zero with a message when it cannot.
# CI (.ci/run) runs it before `npm test`; scripts/check-codegen.sh runs it before the drift gate.
set -euo pipefail

have_all() {
  command -v protoc >/dev/null 2>&1 &&
    command -v grpc_python_plugin >/dev/null 2>&1 &&
    [ -x /usr/bin/python3 ] &&
    /usr/bin/python3 -c 'import grpc, google.protobuf' >/dev/null 2>&1
}

if have_all; then
  exit 0
fi

packages=(python3 python3-grpcio python3-protobuf protobuf-compiler protobuf-compiler-grpc)
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-python-grpc: missing and no apt-get here; install the Debian packages ${packages[*]} (or their equivalents) by hand" >&2
  exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "ensure-python-grpc: missing, and installing needs root: sudo apt-get install -y ${packages[*]}" >&2
  exit 1
fi
echo "ensure-python-grpc: installing ${packages[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq >&2
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${packages[@]}" >&2
have_all || {
  echo "ensure-python-grpc: installed, but /usr/bin/python3 still cannot import grpc and google.protobuf" >&2
  exit 1
}
