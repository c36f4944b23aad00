#!/bin/bash
# images/install-app.sh --role ROLE [--role ROLE...] --tarball FILE [--node present|copy:PATH]
#                       [--rtc none|ds3231|pcf8523|ds1307] ROOT
#
# Installs motcua into the root file system ROOT — an SD card's root mounted on a PC, the
# chroot of an image builder (rpi-image-gen's customize hook passes "$1"), a debootstrap root,
# or / on a running Pi: the app (a tarball from build-app.sh) in /opt/motcua, its users, the
# systemd units of each ROLE (hub, counter, rating, kiosk, display) enabled, udev rules, and the
# configuration of chrony, avahi, PAM and the A/B layout's shared data. Nothing is run inside
# ROOT, so it works for an arm64 root on an x86 machine.
#
#   --node present   /usr/bin/node is already in ROOT (the image's nodejs package: Node 20 from
#                    NodeSource on bookworm, Debian's own from trixie on) — the default
#   --node copy:PATH copy this node binary into ROOT (the same architecture; for the CI check)
#   --rtc MODULE     an I2C real-time clock on the card: its overlay goes into config.txt
#
# Needs on the machine that runs it: tar, install, systemd-sysusers and systemctl (package
# systemd). Run as root.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
roles=()
tarball=
node_mode=present
rtc=none
root=

die() {
  echo "install-app.sh: $*" >&2
  exit 1
}

while [[ $# -gt 0 ]]; do
  case $1 in
  --role)
    case ${2:-} in
    hub | counter | rating | kiosk | display) roles+=("$2") ;;
    *) die "--role must be hub, counter, rating, kiosk or display" ;;
    esac
    shift 2
    ;;
  --tarball)
    tarball=${2:?--tarball needs a file}
    shift 2
    ;;
  --node)
    node_mode=${2:?--node needs present or copy:PATH}
    shift 2
    ;;
  --rtc)
    rtc=${2:?--rtc needs a module}
    shift 2
    ;;
  -h | --help)
    sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'
    exit 0
    ;;
  -*) die "unknown option $1 (see --help)" ;;
  *)
    [[ -z $root ]] || die "one ROOT only"
    root=$1
    shift
    ;;
  esac
done

[[ -n $root ]] || die "no ROOT given (see --help)"
[[ ${#roles[@]} -gt 0 ]] || die "no --role given"
[[ -n $tarball && -f $tarball ]] || die "--tarball FILE is needed (made by images/build-app.sh)"
[[ -d $root/etc && -d $root/usr ]] || die "$root is not a root file system"
case $rtc in none | ds3231 | pcf8523 | ds1307) ;; *) die "--rtc must be none, ds3231, pcf8523 or ds1307" ;; esac
root=$(cd "$root" && pwd)
has_role() {
  local role
  for role in "${roles[@]}"; do [[ $role == "$1" ]] && return 0; done
  return 1
}

# The architecture of an ELF file, as Node names it.
elf_arch() {
  case $(od -An -tx1 -j18 -N2 "$1" | tr -d ' \n') in
  3e00) echo x64 ;;
  b700) echo arm64 ;;
  2800) echo arm ;;
  *) echo unknown ;;
  esac
}

# 1. Node 20.
case $node_mode in
present)
  [[ -x $root/usr/bin/node ]] ||
    die "no /usr/bin/node in $root: install Node 20 first (nodejs from NodeSource on bookworm), or use --node copy:PATH"
  ;;
copy:*)
  source_node=${node_mode#copy:}
  [[ -x $source_node ]] || die "no node at $source_node"
  install -D -m 0755 "$source_node" "$root/usr/bin/node"
  ;;
*) die "--node must be present or copy:PATH" ;;
esac
root_arch=$(elf_arch "$root/usr/bin/node")

# 2. The app, after checking it was built for this root.
manifest=$(tar -xOf "$tarball" motcua/motcua-app.json) || die "$tarball has no motcua/motcua-app.json: not made by build-app.sh"
app_arch=$(sed -n 's/^ *"arch": "\(.*\)",$/\1/p' <<<"$manifest")
app_node=$(sed -n 's/^ *"node": "\(.*\)",$/\1/p' <<<"$manifest")
commit=$(sed -n 's/^ *"commit": "\(.*\)",$/\1/p' <<<"$manifest")
[[ $app_arch == "$root_arch" ]] ||
  die "$tarball was built for $app_arch, but $root runs $root_arch: build it on a $root_arch machine"
if [[ $root_arch == "$(elf_arch /proc/self/exe)" ]] && command -v chroot >/dev/null && [[ $(id -u) -eq 0 ]]; then
  root_node=$(chroot "$root" /usr/bin/node --version 2>/dev/null || echo unknown)
  [[ ${root_node%%.*} == "${app_node%%.*}" ]] ||
    die "$tarball was built with Node $app_node, $root has $root_node: native addons would not load"
fi
rm -rf "$root/opt/motcua.new"
mkdir -p "$root/opt/motcua.new"
tar -x -C "$root/opt/motcua.new" --strip-components=1 -f "$tarball"
rm -rf "$root/opt/motcua"
mv "$root/opt/motcua.new" "$root/opt/motcua"

# 3. Users (systemd-sysusers reads ROOT's own /etc/passwd and /etc/group).
install -D -m 0644 "$here/common/sysusers.d/motcua.conf" "$root/usr/local/lib/sysusers.d/motcua.conf"
systemd-sysusers --root="$root" >/dev/null

# 4. Units, helpers, rules and configuration.
units=(motcua-site.service)
for role in "${roles[@]}"; do
  units+=("motcua-$role.service")
  if [[ $role == display ]]; then units+=(motcua-screen.service); fi
done
for unit in "${units[@]}"; do
  install -D -m 0644 "$here/units/$unit" "$root/usr/local/lib/systemd/system/$unit"
done
install -D -m 0755 "$here/common/bin/motcua-site-apply" "$root/usr/local/lib/motcua/motcua-site-apply"
install -D -m 0755 "$here/common/bin/motcua-site-check" "$root/usr/local/bin/motcua-site-check"
for rules in "$here"/common/udev/*.rules; do
  install -D -m 0644 "$rules" "$root/etc/udev/rules.d/$(basename "$rules")"
done
if has_role hub; then
  install -D -m 0644 "$here/common/chrony/motcua-hub.conf" "$root/etc/chrony/conf.d/motcua.conf"
  install -D -m 0644 "$here/common/avahi/motcua-hub.service" "$root/etc/avahi/services/motcua-hub.service"
  # rpi-image-gen's A/B layout keeps /var per slot: the store must survive an update.
  install -D -m 0644 "$here/common/slot-shared.d/motcua.conf" "$root/etc/rpi-image-gen/slot-shared.d/motcua.conf"
else
  install -D -m 0644 "$here/common/chrony/motcua-device.conf" "$root/etc/chrony/conf.d/motcua.conf"
fi
if has_role display; then
  install -D -m 0755 "$here/common/bin/motcua-screen" "$root/usr/local/lib/motcua/motcua-screen"
  install -D -m 0644 "$here/common/pam.d/motcua-screen" "$root/etc/pam.d/motcua-screen"
fi

# 5. An RTC module's overlay (the Pi 5 has its own RTC: none).
if [[ $rtc != none ]]; then
  config=$root/boot/firmware/config.txt
  if [[ -f $config ]]; then
    grep -q "^dtoverlay=i2c-rtc" "$config" || printf '\n# motcua: the RTC module\ndtoverlay=i2c-rtc,%s\n' "$rtc" >>"$config"
  else
    echo "install-app.sh: no $config: add dtoverlay=i2c-rtc,$rtc to config.txt yourself" >&2
  fi
fi

# 6. Enabled at boot.
systemctl --root="$root" --quiet enable "${units[@]}"

echo "install-app.sh: motcua ${commit:0:12} ($app_arch, Node $app_node) for ${roles[*]} in $root: ${units[*]} enabled"
