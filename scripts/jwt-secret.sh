#!/usr/bin/env bash
# Prints this installation's JWT secret, making it the first time: 48 random bytes (base64) in
# ${XDG_CONFIG_HOME:-$HOME/.config}/keywork/jwt-secret (or $KEYWORK_SECRET_FILE), mode 600,
# outside the repository. The development default in the repository is refused by the api
# unless NODE_ENV is development or test.
set -euo pipefail
file="${KEYWORK_SECRET_FILE:-${XDG_CONFIG_HOME:-$HOME/.config}/keywork/jwt-secret}"
if [ ! -s "$file" ]; then
  mkdir -p "$(dirname "$file")"
  (umask 077 && node -e "process.stdout.write(require('node:crypto').randomBytes(48).toString('base64'))" >"$file.new")
  mv "$file.new" "$file"
  echo "Made a new JWT secret in $file" >&2
fi
chmod 600 "$file"
cat "$file"
