#!/usr/bin/env bash
# Installs what the browser e2e tests (apps/api/test/browser) need: Debian's Chromium and CJK
# fonts (so Chinese renders in screenshots). Idempotent: quick when both are already there.
# Never downloads a browser build of its own (no `npx playwright install`).
set -euo pipefail

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q 'install ok installed' || missing+=(fonts-noto-cjk)

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-browser: chromium and fonts-noto-cjk are installed"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

echo "install-browser: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
[ -x /usr/bin/chromium ] || { echo "install-browser: /usr/bin/chromium is still missing" >&2; exit 1; }
echo "install-browser: done ($(/usr/bin/chromium --version 2>/dev/null || echo chromium))"
