#!/bin/bash
# images/build-app.sh [--ref REF] [--out FILE]
#
# The app as it goes onto a card, as one tarball (motcua/ inside): the sources of a commit
# (HEAD by default: committed work only, so the tarball names a commit) compiled to JavaScript
# (every package's dist/, by scripts/build.mjs: the units run them with plain node), the wall
# display's page already built (a card's /opt/motcua is read-only), and the production
# node_modules only: the build's tools (esbuild, tsx, TypeScript…) are installed to build, then
# pruned. install-app.sh puts it into a root file system.
#
# Native addons (better-sqlite3, serialport, onoff's epoll, usb) are compiled here, for this
# machine's architecture and Node: build the cards' tarball on an arm64 machine with Node 20 —
# a Raspberry Pi 4/5 running Raspberry Pi OS 64-bit, or an arm64 CI runner. install-app.sh
# refuses a tarball whose architecture is not the root's.
#
# Default output: images/out/motcua-app-linux-<arch>.tar.gz (a name ending .tar: uncompressed).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
ref=HEAD
out=

while [[ $# -gt 0 ]]; do
  case $1 in
  --ref)
    ref=${2:?--ref needs a commit}
    shift 2
    ;;
  --out)
    out=${2:?--out needs a file}
    shift 2
    ;;
  -h | --help)
    sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'
    exit 0
    ;;
  *)
    echo "build-app.sh: unknown argument $1 (see --help)" >&2
    exit 2
    ;;
  esac
done

for tool in git node pnpm tar; do
  command -v "$tool" >/dev/null || {
    echo "build-app.sh: $tool is missing (scripts/setup.sh installs pnpm)" >&2
    exit 1
  }
done
# Native addons compile against the local Node headers, as scripts/setup.sh does.
if [[ -z ${npm_config_nodedir:-} && -d /usr/include/node ]]; then
  export npm_config_nodedir=/usr
fi

arch=$(node -p 'process.arch')
out=${out:-$here/out/motcua-app-linux-$arch.tar.gz}
mkdir -p "$(dirname "$out")"
out=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")

commit=$(git -C "$repo" rev-parse --verify "$ref^{commit}")
if [[ $ref == HEAD && -n $(git -C "$repo" status --porcelain --untracked-files=no) ]]; then
  echo "build-app.sh: note: building commit ${commit:0:12}; uncommitted changes are not in it" >&2
fi

stage=$(mktemp -d "${TMPDIR:-/tmp}/motcua-app.XXXXXX")
trap 'rm -rf "$stage"' EXIT
app=$stage/motcua
mkdir "$app"
git -C "$repo" archive --format=tar "$commit" | tar -x -C "$app"

echo "build-app.sh: packages for linux-$arch, Node $(node --version)" >&2
(cd "$app" && pnpm install --frozen-lockfile --reporter=append-only) >&2

echo "build-app.sh: the packages' JavaScript (scripts/build.mjs)" >&2
(cd "$app" && node scripts/build.mjs) >&2

echo "build-app.sh: the display's page" >&2
(cd "$app" && node devices/display/dist/build-cli.js) >&2

echo "build-app.sh: the staff console's pages" >&2
(cd "$app" && node devices/console/dist/build-cli.js) >&2

# The card runs the compiled files with plain node: what only builds or tests goes.
echo "build-app.sh: dropping the development packages" >&2
(cd "$app" && pnpm install --prod --frozen-lockfile --reporter=append-only) >&2

# Screenshots of the display's tests are not needed on a card.
rm -rf "$app/test/artifacts"

COMMIT=$commit DESCRIBE=$(git -C "$repo" describe --always "$commit" 2>/dev/null || echo "$commit") \
  node -e '
    const manifest = {
      commit: process.env.COMMIT,
      describe: process.env.DESCRIBE,
      built: new Date().toISOString(),
      platform: process.platform,
      arch: process.arch,
      node: process.version,
      nodeModules: process.versions.modules,
    };
    process.stdout.write(JSON.stringify(manifest, null, 2) + "\n");
  ' >"$app/motcua-app.json"

compress=()
case $out in
*.tar.gz | *.tgz) compress=(--gzip) ;;
*.tar) ;;
*)
  echo "build-app.sh: --out must end in .tar.gz, .tgz or .tar" >&2
  exit 2
  ;;
esac
tar -C "$stage" --owner=0 --group=0 --numeric-owner "${compress[@]}" -cf "$out.partial" motcua
mv "$out.partial" "$out"
echo "build-app.sh: $out (commit ${commit:0:12}, linux-$arch, Node $(node --version))" >&2
echo "$out"
