# shellcheck shell=bash
# The release artefacts, all carrying Cargo.toml's version (after build and build_extension):
# - dist/patmint-<version>.tgz: the npm package, assembled by npm/assemble.mjs in target/npm;
# - dist/patmint-chrome.zip, dist/patmint-firefox.zip: the store packages (build_extension);
# - dist/patmint-<version>-source.zip: the source package AMO asks for (compiled wasm), from
#   which `./build.sh build` gives the same files byte for byte (docs/store/amo-source.md).
pack() {
  local v
  v=$(version)
  log "npm package patmint $v"
  node npm/assemble.mjs target/npm/patmint >/dev/null
  mkdir -p dist
  rm -f dist/patmint-*.tgz
  npm pack --silent --pack-destination dist target/npm/patmint >/dev/null
  [ -f "dist/patmint-$v.tgz" ] || die "npm pack did not write dist/patmint-$v.tgz"
  log "AMO source package"
  git rev-parse --is-inside-work-tree >/dev/null 2>&1 || die "pack needs a git checkout: the source package holds the files git tracks"
  rm -f "dist/patmint-$v-source.zip"
  # Every file of the working tree that git tracks or would track (not target/, dist/, …).
  git ls-files -z --cached --others --exclude-standard | xargs -0 sh -c 'for f; do [ -f "$f" ] && printf "%s\n" "$f"; done' _ |
    sort -u | zip -qX "dist/patmint-$v-source.zip" -@
  printf 'pack: dist/patmint-%s.tgz (npm), dist/patmint-chrome.zip (Chrome Web Store), dist/patmint-firefox.zip + dist/patmint-%s-source.zip (AMO)\n' "$v" "$v"
}
