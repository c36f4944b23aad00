#!/usr/bin/env bash
# Makes a fresh machine (Node 20 and npm only) ready: pnpm, then the workspace's packages.
# Idempotent and quick when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

PNPM_VERSION=12.21.0
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version 2>/dev/null)" != "$PNPM_VERSION" ]; then
  echo "setup: installing pnpm $PNPM_VERSION with npm" >&2
  npm install --global --silent "pnpm@$PNPM_VERSION" >&2
fi

# Native addons (better-sqlite3) compile against the local Node headers: nothing is downloaded.
if [ -z "${npm_config_nodedir:-}" ] && [ -d /usr/include/node ]; then
  export npm_config_nodedir=/usr
fi

if [ ! -f node_modules/.modules.yaml ] || [ pnpm-lock.yaml -nt node_modules/.modules.yaml ] || [ -n "${CI:-}" ]; then
  echo "setup: installing the workspace's packages" >&2
  pnpm install --reporter=append-only >&2
fi
