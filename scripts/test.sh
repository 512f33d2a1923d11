#!/usr/bin/env bash
# Runs every test (unit, integration against the real PostgreSQL and Redis, e2e over HTTP).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci
npm run typecheck
npm test -- "$@"
