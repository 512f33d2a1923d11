#!/usr/bin/env bash
# The main job: install, build, migrate, start worker and api, load the office's 2023 year.
# Needs PostgreSQL and Redis reachable (defaults: 127.0.0.1:5432 user postgres, 127.0.0.1:6379).
set -euo pipefail
cd "$(dirname "$0")/.."

export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/keywork}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
export PORT="${PORT:-3000}"

# The access tokens' signing key: made once per installation, kept outside the repository.
JWT_SECRET="${JWT_SECRET:-$(scripts/jwt-secret.sh)}"
export JWT_SECRET

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
echo 'Demo accounts (wh-fao):'
npm run --silent users -- demo
npm run --silent progress -- --department wh-fao --year 2023 | head -5

cat <<INFO

Key-work tracking is running:
  Web app and API   http://127.0.0.1:${PORT}/
  API docs          http://127.0.0.1:${PORT}/api/docs
  Health            http://127.0.0.1:${PORT}/health
  Queue admin       http://127.0.0.1:${PORT}/admin/queues   (admin only: open it with ?access_token=<an admin's access token>)

Demo accounts (sign in on the web app; department wh-fao; demo passwords, never for production):
  admin     / admin-demo-2023      admin everywhere: departments, categories, users
  staff     / staff-demo-2023      record and correct activities
  leader    / leader-demo-2023     read everything of wh-fao
  reporter  / reporter-demo-2023   plan changes and year-end reports
  auditor   / auditor-demo-2023    read, with the full history of every change
Production: set JWT_SECRET (and ADMIN_USERNAME / ADMIN_PASSWORD for the first admin) instead.
Press Ctrl+C to stop.
INFO
wait
