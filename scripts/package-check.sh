#!/usr/bin/env bash
# The package as a user gets it: `npm pack`, the tarball installed into one fresh project (with the official SDK,
# vitest and jest, pinned), and the three examples of docs/testing.md copied out of the page and run there with the
# commands the page prints. Everything it runs is printed, with the seconds since the start.
#   KEFU_PACKAGE_CHECK_DIR=DIR  work there and keep it (the project is DIR/project)
#   KEFU_PACKAGE_CHECK_REUSE=1  with DIR: run the examples in the project already installed there (no pack, no install)
#   KEFU_PACKAGE_CHECK_DOC=FILE take the examples from FILE instead of docs/testing.md
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work=${KEFU_PACKAGE_CHECK_DIR:-$(mktemp -d -t kefu-package-XXXXXX)}
mkdir -p "$work"
doc="$root/${KEFU_PACKAGE_CHECK_DOC:-docs/testing.md}"
project="$work/project"
run() {
  echo "package-check [${SECONDS}s]: $*"
  "$@"
}

if [ "${KEFU_PACKAGE_CHECK_REUSE:-}" != 1 ] || [ ! -d "$project/node_modules/kefu" ]; then
# Build (prepack) and pack; the tarball's listing must hold what a user needs and nothing of test/ or bench/.
run npm pack --pack-destination "$work" --silent >"$work/pack.txt"
tarball="$work/$(tail -n 1 "$work/pack.txt")"
listing=$(tar -tzf "$tarball")
for needed in package/dist/index.js package/dist/index.d.ts package/bin/kefu.js package/schemas/fixture.schema.json package/README.md \
  package/proto/pbbp2.proto package/src/console/assets/console.js; do
  grep -qx "$needed" <<<"$listing" || { echo "package-check: $needed is not in the tarball" >&2; exit 1; }
done
# Of the sources, only the console's static files (the compiled build reads them there).
if grep -E '^package/(test|bench|src)/' <<<"$listing" | grep -v '^package/src/console/assets/' >/dev/null; then
  echo "package-check: the tarball holds test/, bench/ or src/ files other than the console's assets" >&2
  exit 1
fi

rm -rf "$project"
mkdir -p "$project"
cat >"$project/package.json" <<'JSON'
{ "name": "kefu-package-check", "private": true, "type": "module" }
JSON
(cd "$project" && run npm install --no-audit --no-fund --loglevel=error "$tarball" @larksuiteoapi/node-sdk@1.74.0 vitest@3.2.7 jest@30.5.2)
fi

cd "$project"
rm -rf vitest jest node-test commands.txt
run node "$root/scripts/extract-examples.mjs" "$doc" .

failed=0
while IFS=$'\t' read -r file command; do
  echo "package-check [${SECONDS}s]: $file: $command"
  if bash -c "$command" </dev/null; then
    echo "package-check [${SECONDS}s]: $file passed"
  else
    echo "package-check: $file FAILED" >&2
    failed=1
  fi
done <commands.txt
if [ "$failed" -ne 0 ]; then
  echo "package-check: FAILED (the project is in $project)" >&2
  exit 1
fi
echo "package-check [${SECONDS}s]: passed"
[ -n "${KEFU_PACKAGE_CHECK_DIR:-}" ] || rm -rf "$work"
