#!/bin/bash
# images/check.sh: the checks of the SD-card images that run on any Debian machine and in CI
# (test/images.test.ts runs this script, so `npm test` does):
#
#  1. shellcheck of every script under images/ and scripts/;
#  2. the rpi-image-gen layers and configurations against a small schema of the fields we use
#     (test/images/layers.ts: the builder's own lint needs its tooling, not fetched here);
#  3. the example site files, with packages/site's schema and the office configuration, and
#     the programs the units start: each a compiled .js of this checkout's build
#     (scripts/build.mjs) run by plain node (test/images/units.ts);
#  4. a Debian bookworm root made by debootstrap (minbase and systemd; cached in
#     /var/cache/motcua-debootstrap-bookworm.tar), the app built by build-app.sh and installed
#     by install-app.sh for all five roles, then: `systemd-analyze verify` of every unit,
#     failing on any line it prints (it exits 0 on an unknown key), every unit enabled, each
#     unit's programs present in the installed app as compiled files run by plain node, no
#     development tool (tsx, esbuild) in it, and the installed app run inside the root as its
#     user with plain node (each role's site check; the CLI).
#
# Step 4 needs root, debootstrap and Debian's mirror (deb.debian.org, or MOTCUA_DEBIAN_MIRROR);
# without them it is skipped with a message, and fails under CI. A cold run takes about two
# minutes, most of it debootstrap; later runs reuse the cached root.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
cd "$repo"
cache=${MOTCUA_DEBOOTSTRAP_CACHE:-/var/cache/motcua-debootstrap-bookworm.tar}
mirror=${MOTCUA_DEBIAN_MIRROR:-http://deb.debian.org/debian}
roles=(hub counter rating kiosk display)
units=(motcua-site.service motcua-hub.service motcua-counter.service motcua-rating.service
  motcua-kiosk.service motcua-display.service motcua-screen.service)

step() { printf '== %s\n' "$*"; }
fail() {
  printf 'check.sh: FAILED: %s\n' "$*" >&2
  exit 1
}
tool() { command -v "$1" >/dev/null || fail "$1 is missing (scripts/setup.sh installs it: package $2)"; }

# 1. Every shell script: *.sh, and any file whose first line names sh or bash.
step "shellcheck"
tool shellcheck shellcheck
scripts=()
while IFS= read -r -d '' file; do
  if [[ $file == *.sh ]] || head -n1 "$file" | grep -Eq '^#!.*/(env )?(ba)?sh\b'; then scripts+=("$file"); fi
done < <(find images scripts -type f ! -path 'images/out/*' -print0 | sort -z)
shellcheck "${scripts[@]}" || fail "shellcheck"
printf '%s scripts clean: %s\n' "${#scripts[@]}" "${scripts[*]}"

# 2. The image builder's sources.
# The checks' own scripts are TypeScript, run from their sources as the tests are.
run_ts() { node --conditions=@motcua/source --import tsx "$@"; }

step "rpi-image-gen layers and configurations"
run_ts test/images/lint-layers.ts images/rpi-image-gen || fail "the rpi-image-gen sources"

# 3. The example site files, read as a card reads its own.
step "example site files"
for site in images/examples/*.yaml; do
  [[ $(basename "$site") == motcua-office.yaml ]] && continue
  run_ts packages/site/src/check.ts "$site" || fail "$site"
done

step "what the units start, in this checkout's build"
node scripts/build.mjs --quiet || fail "scripts/build.mjs"
run_ts test/images/lint-units.ts --checkout "$repo" || fail "the units' programs"

# 4. Into a debootstrap root.
step "install into a Debian bookworm root"
if [[ $(id -u) -ne 0 ]] || ! command -v debootstrap >/dev/null || ! command -v chroot >/dev/null; then
  message="needs root, debootstrap and chroot (scripts/setup.sh installs debootstrap)"
  [[ -z ${CI:-} ]] || fail "$message"
  printf 'skipped: %s\n' "$message"
  exit 0
fi
tool systemd-analyze systemd
tool systemctl systemd
tool systemd-sysusers systemd

work=$(mktemp -d /var/tmp/motcua-image-check.XXXXXX)
trap 'rm -rf "$work"' EXIT
root=$work/root

# The bare root is made once and kept: debootstrap takes a minute or two, extracting seconds.
mkdir -p "$(dirname "$cache")"
exec 9>"$cache.lock"
flock 9
if [[ ! -s $cache ]]; then
  printf 'debootstrap --variant=minbase --include=systemd bookworm (%s), once; cached in %s\n' "$mirror" "$cache"
  seed=$work/seed
  if ! debootstrap --variant=minbase --include=systemd bookworm "$seed" "$mirror" >"$work/debootstrap.log" 2>&1; then
    tail -n 30 "$work/debootstrap.log" >&2
    fail "debootstrap"
  fi
  tar -C "$seed" -cf "$cache.partial" .
  mv "$cache.partial" "$cache"
  rm -rf "$seed"
fi
flock -u 9
mkdir "$root"
tar -C "$root" -xf "$cache"

app=$(images/build-app.sh --out "$work/motcua-app.tar" 2>"$work/build.log") || {
  cat "$work/build.log" >&2
  fail "build-app.sh"
}
role_flags=()
for role in "${roles[@]}"; do role_flags+=(--role "$role"); done
# The root is this machine's architecture: its own node binary goes in (on a card, NodeSource's).
images/install-app.sh "${role_flags[@]}" --tarball "$app" --node "copy:$(readlink -f "$(command -v node)")" "$root" 2>&1 |
  grep -v "^Creating " || fail "install-app.sh"

step "systemd-analyze verify (any output fails)"
verify=$(systemd-analyze verify --root="$root" --man=false "${units[@]}" 2>&1) || {
  printf '%s\n' "$verify" >&2
  fail "systemd-analyze verify"
}
[[ -z $verify ]] || {
  printf '%s\n' "$verify" >&2
  fail "systemd-analyze verify printed warnings"
}
printf '%s verified\n' "${units[*]}"

step "enabled at boot"
for unit in "${units[@]}"; do
  state=$(systemctl --root="$root" is-enabled "$unit" || true)
  [[ $state == enabled ]] || fail "$unit is $state"
  printf '%s: %s\n' "$unit" "$state"
done

step "what the installed units start"
run_ts test/images/lint-units.ts --root "$root" || fail "the installed units' programs"
for tool in tsx esbuild typescript vitest; do
  [[ ! -e $root/opt/motcua/node_modules/$tool ]] || fail "the development tool $tool is in the installed app"
done
printf 'no development tools in /opt/motcua/node_modules\n'
[[ -s $root/opt/motcua/devices/display/web-dist/index.html ]] || fail "the display's page is not built in the app"
[[ -s $root/opt/motcua/devices/console/web-dist/index.html ]] || fail "the console's pages are not built in the app"

step "the installed app, run inside the root as its user"
in_root() {
  chroot --userspec=motcua:motcua "$root" /usr/bin/env -i PATH=/usr/bin:/bin HOME=/tmp TMPDIR=/tmp \
    /bin/sh -c "cd /opt/motcua && $1"
}
for role in "${roles[@]}"; do
  example=$(find images/examples -name "$role*.yaml" | head -n1)
  in_root "/usr/bin/node packages/site/dist/check.js --role $role --write /tmp/$role $example" ||
    fail "the $role's site check in the root"
  in_root "test -s /tmp/$role/env" || fail "the $role's unit files in the root"
done
in_root "/usr/bin/node packages/cli/dist/main.js --help >/dev/null" || fail "the CLI in the root"
grep -q '^motcua:' "$root/etc/passwd" || fail "no motcua user"
printf 'ok: motcua %s installed, enabled and running in a bookworm root\n' "$(sed -n 's/^ *"describe": "\(.*\)",$/\1/p' "$root/opt/motcua/motcua-app.json")"
