#!/usr/bin/env bash
# The main job: install, build, migrate, start worker and api, load the office's 2023 year.
# Needs PostgreSQL and Redis reachable (defaults: 127.0.0.1:5432 user postgres, 127.0.0.1:6379).
#
#   ./scripts/start.sh --demo   also create the demo accounts (published passwords; the api then
#                               listens on 127.0.0.1 only). DEMO_ACCOUNTS=1 does the same.
#   ./scripts/start.sh          no demo accounts: create your admin as printed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

DEMO="${DEMO_ACCOUNTS:-0}"
for arg in "$@"; do
  case "$arg" in
    --demo) DEMO=1 ;;
    -h | --help)
      sed -n '2,7s/^# \{0,1\}//p' "$0"
      exit 0
      ;;
    *)
      echo "start.sh: unknown argument $arg (only --demo)" >&2
      exit 2
      ;;
  esac
done
[ "$DEMO" = "1" ] || [ "$DEMO" = "true" ] && DEMO=1 || DEMO=0

export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/keywork}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
export PORT="${PORT:-3000}"
# The api listens on this machine only unless HOST says otherwise.
export HOST="${HOST:-127.0.0.1}"

if [ "$DEMO" = 1 ]; then
  case "$HOST" in
    127.* | ::1 | localhost) ;;
    *)
      echo "start.sh: demo mode creates accounts with published passwords; it listens on 127.0.0.1 only (HOST is $HOST)." >&2
      exit 2
      ;;
  esac
  cat <<'BANNER'
************************************************************************************
*  DEMO MODE: demo accounts with published passwords, listening on 127.0.0.1 only  *
************************************************************************************
BANNER
fi

# The access tokens' signing key: made once per installation, kept outside the repository.
JWT_SECRET="${JWT_SECRET:-$(scripts/jwt-secret.sh)}"
export JWT_SECRET

[ -d node_modules ] || npm ci --loglevel=error  # .npmrc silences npm; its errors must show
npm run build
npm run db:create
npm run db:migrate

node dist/apps/worker/apps/worker/src/main.js &
WORKER=$!
node dist/apps/api/apps/api/src/main.js &
API=$!
trap 'kill $WORKER $API 2>/dev/null || true' EXIT INT TERM

case "$HOST" in
  0.0.0.0 | :: | '[::]') PROBE=127.0.0.1 ;;
  *:*) PROBE="[$HOST]" ;;
  *) PROBE="$HOST" ;;
esac
for _ in $(seq 1 60); do
  curl -fs "http://${PROBE}:${PORT}/health" >/dev/null 2>&1 && break
  kill -0 "$API" 2>/dev/null || { echo 'start.sh: the api stopped (see its message above)' >&2; exit 1; }
  sleep 0.5
done

npm run --silent import -- datasets/wuhan-fao-2023.yaml
if [ "$DEMO" = 1 ]; then
  echo 'Demo accounts (wh-fao):'
  npm run --silent users -- demo
fi
npm run --silent progress -- --department wh-fao --year 2023 | head -5

cat <<INFO

Key-work tracking is running:
  Web app and API   http://${PROBE}:${PORT}/
  API docs          http://${PROBE}:${PORT}/api/docs
  Health            http://${PROBE}:${PORT}/health
  Queue admin       http://${PROBE}:${PORT}/admin/queues   (admin only: open it with ?access_token=<an admin's access token>)
INFO
if [ "$DEMO" = 1 ]; then
  cat <<'INFO'

DEMO MODE. Demo accounts (sign in on the web app; department wh-fao; published passwords, never for production):
  admin     / admin-demo-2023      admin everywhere: departments, categories, users
  staff     / staff-demo-2023      record and correct activities
  leader    / leader-demo-2023     read everything of wh-fao
  reporter  / reporter-demo-2023   plan changes and year-end reports
  auditor   / auditor-demo-2023    read, with the full history of every change
The api listens on 127.0.0.1 only, and refuses any other HOST while these passwords are unchanged.
INFO
else
  cat <<'INFO'

No demo accounts were created (./scripts/start.sh --demo creates them). Create your admin (the
password is asked for, never put on the command line), then sign in on the web app:
  npm run users -- create --username <you> --role admin
or start the api with ADMIN_USERNAME and ADMIN_PASSWORD set: it creates that admin when missing.
INFO
fi
echo 'Press Ctrl+C to stop.'
wait
