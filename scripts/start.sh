#!/usr/bin/env bash
# The main job: install, build, migrate, start worker and api, load the office's 2023 year.
# Needs PostgreSQL and Redis reachable (defaults: 127.0.0.1:5432 user postgres, 127.0.0.1:6379).
set -euo pipefail
cd "$(dirname "$0")/.."

export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/keywork}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
export PORT="${PORT:-3000}"

[ -d node_modules ] || npm ci
npm run build
npm run db:create
npm run db:migrate

node dist/apps/worker/apps/worker/src/main.js &
WORKER=$!
node dist/apps/api/apps/api/src/main.js &
API=$!
trap 'kill $WORKER $API 2>/dev/null || true' EXIT INT TERM

for _ in $(seq 1 60); do
  curl -fs "http://127.0.0.1:${PORT}/health" >/dev/null 2>&1 && break
  sleep 0.5
done

npm run --silent import -- datasets/wuhan-fao-2023.yaml
npm run --silent progress -- --department wh-fao --year 2023 | head -5

cat <<INFO

Key-work tracking is running:
  Web app and API   http://127.0.0.1:${PORT}/
  API docs          http://127.0.0.1:${PORT}/api/docs
  Health            http://127.0.0.1:${PORT}/health
  Queue admin       http://127.0.0.1:${PORT}/admin/queues
Press Ctrl+C to stop.
INFO
wait
