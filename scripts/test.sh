#!/usr/bin/env bash
# Runs every test (unit, integration against the real PostgreSQL and Redis, e2e over HTTP).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --loglevel=error  # .npmrc silences npm; its errors must show
# Browser tests drive Debian's Chromium with CJK fonts (installed when missing; needs root or sudo).
./scripts/install-browser.sh
npm run typecheck
npm run lint
npm test -- "$@"
