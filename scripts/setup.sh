#!/usr/bin/env bash
# Makes a fresh machine (Node 20 and npm only) ready: pnpm, the workspace's packages, and
# their compiled JavaScript.
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

# Every package's dist/ (what `pnpm motcua` and the cards run): only what changed is transpiled.
node scripts/build.mjs >&2

# The staff console's pages (Vite), which the hub serves as files: built only when missing or
# older than devices/console/web/.
node devices/console/dist/build-cli.js --if-stale >&2

# Debian tools the tests use as independent parties (an MQTT broker and clients…), each as
# "command:package". Installed only as root with apt-get; elsewhere the tests that need them
# say so (and fail under CI).
APT_TOOLS=(
  mosquitto:mosquitto
  mosquitto_pub:mosquitto-clients
  mosquitto_sub:mosquitto-clients
  # The modem simulator's pseudo-terminal pair, and an independent AT client to keep it honest;
  # gammu-smsd is the peer the SMS bench (bench/sms.ts) measures motcua against.
  socat:socat
  gammu:gammu
  gammu-smsd:gammu-smsd
  # The wall display's voice (Vietnamese), and the browser its tests drive (playwright-core).
  espeak-ng:espeak-ng
  chromium:chromium
  # The SD-card images' checks (images/check.sh): shell scripts, systemd units, a Debian root to
  # install into; systemd-notify is also the sd_notify sender of packages/sdnotify.
  shellcheck:shellcheck
  systemd-analyze:systemd
  systemd-notify:systemd
  debootstrap:debootstrap
)
# Debian's Python modules the tests use the same way (python3-gammu checks the SMS codec), as
# "module:package". They live under Debian's /usr/bin/python3: a pyenv python3 on PATH lacks them.
APT_PYTHON_MODULES=(
  gammu:python3-gammu
)
missing=()
for tool in "${APT_TOOLS[@]}"; do
  cmd=${tool%%:*}
  pkg=${tool#*:}
  # mosquitto lives in /usr/sbin, which a non-root PATH may lack.
  if ! command -v "$cmd" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$cmd" ]; then
    case " ${missing[*]} " in *" $pkg "*) ;; *) missing+=("$pkg") ;; esac
  fi
done
for module in "${APT_PYTHON_MODULES[@]}"; do
  mod=${module%%:*}
  pkg=${module#*:}
  if ! /usr/bin/python3 -c "import $mod" >/dev/null 2>&1; then
    case " ${missing[*]} " in *" $pkg "*) ;; *) missing+=("$pkg") ;; esac
  fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing ${missing[*]} with apt-get" >&2
    # The tests start their own brokers on free ports: no package may start a system service.
    # policy-rc.d answering 101 forbids it (invoke-rc.d and deb-systemd-invoke both ask it).
    policy=/usr/sbin/policy-rc.d
    added_policy=
    if [ ! -e "$policy" ]; then
      printf '#!/bin/sh\nexit 101\n' >"$policy"
      chmod 755 "$policy"
      added_policy=1
      trap 'rm -f "$policy"' EXIT
    fi
    export DEBIAN_FRONTEND=noninteractive
    # apt's and dpkg's chatter is shown only when something fails.
    apt_log=$(mktemp)
    if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$apt_log" 2>&1; then
      cat "$apt_log" >&2
      rm -f "$apt_log"
      echo "setup: apt-get could not install ${missing[*]}" >&2
      exit 1
    fi
    rm -f "$apt_log"
    if [ -n "$added_policy" ]; then
      rm -f "$policy"
      trap - EXIT
    fi
    # Nor at the next boot (the packages enable their units even where systemd is not running).
    for service in mosquitto gammu-smsd; do
      if [[ " ${missing[*]} " == *" $service "* ]] && command -v systemctl >/dev/null 2>&1; then
        if [ -d /run/systemd/system ]; then
          systemctl disable --now --quiet "$service.service" >/dev/null 2>&1 || true
        else
          systemctl disable --quiet "$service.service" >/dev/null 2>&1 || true
        fi
      fi
    done
  else
    echo "setup: missing ${missing[*]}: install them with apt-get as root (the tests that need them are skipped outside CI)" >&2
  fi
fi
