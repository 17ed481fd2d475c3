#!/usr/bin/env bash
# patmint build script: installs what is missing (idempotently), builds the wasm packages (the
# minting core and the scanner) and the demo page, serves the demo, runs every test.
#
#   ./build.sh            setup + build + serve the demo on http://127.0.0.1:8080/ (PORT=... to change)
#   ./build.sh setup      install everything (rust target, wasm-pack, wasm-bindgen, npm; the browsers and nginx the
#                         tests need — build, serve and pack install only what building needs)
#   ./build.sh build      build pkg/, pkg-scan/, pkg-verify/, www/pkg/ (release wasm, minified glue; size budgets) and dist/ (extension)
#   ./build.sh serve      serve www/ on 127.0.0.1 (after a build)
#   ./build.sh pack       build, then the release artefacts in dist/: the npm tarball, the store zips, the AMO source package
#   ./build.sh test       every test: lint, native, wasm and end-to-end in Chromium and Firefox, release artefacts
#   ./build.sh fuzz [S]   run every cargo-fuzz target for S seconds (default 60); fails on a crash
#   ./build.sh mutants    mutation testing of the access core (cargo-mutants; .cargo/mutants.toml); fails on a survivor
#   ./build.sh bench      browser benchmark (Chromium, Firefox) against the peers + native Criterion benches
#                         + patmint serve under load and faults (bench/serve.sh)
#   ./build.sh help       this text
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
ROOT=$PWD

# Pinned tool versions. wasm-bindgen must match the `=` pin in Cargo.toml exactly, or wasm-pack
# falls back to a slow private download/compile.
WASM_BINDGEN_VERSION=$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)"/\1/p' Cargo.toml)
WASM_PACK_VERSION=0.15.1
GECKODRIVER_VERSION=0.37.1
CARGO_MUTANTS_VERSION=27.1.0
# Release wasm + minified JS glue, gzipped (-9), in bytes. Issue 26 (items 2, 11): a note's
# words read across the spaces that split a token, a record's own custom prefix checked in its
# note, other vendors' prefixes refused as custom ones: 37 959 -> 38 684.
SIZE_BUDGET=${SIZE_BUDGET:-38700}
# The scanner's package (scan, redact), loaded only where text is redacted. Was 20 000 for 10
# formats; issue 14 (40 format variants as data, proven tokens read across gaps, GitLab's CRC,
# PEM blocks, overlap rules) measured 22 154 after trimming (no memmem, no str slicing, a class
# table, anchors computed at compile time, a byte loop for the triggers in wasm; the two-byte
# filter that keeps the scan fast costs 0.5 KB); 22 306 once merged with the bounded arguments.
# Issue 25 item 7 (ANSI, Markdown and format-character gaps; wrapped fine-grained tokens): 23 098.
# Issue 26 item 4 (a log's repeated line prefix read as part of a gap, possible partial tokens
# reported, a fine-grained wrap never joined to a timestamp, the look-ahead for proven tokens
# inside a finding bounded by the prefix it could end): 24 002.
SCAN_SIZE_BUDGET=${SCAN_SIZE_BUDGET:-24100}
# The verifier package (src/wasm/verify.rs): see the README's Size section for the reason.
# Issue 26 item 2 (the records file refuses a note holding its record's own token, read across
# spaces; vendors' prefixes refused): 75 669 -> 76 320.
VERIFY_SIZE_BUDGET=${VERIFY_SIZE_BUDGET:-76400}

export PATH="$ROOT/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

log() { printf '==> [%4ds] %s\n' "$SECONDS" "$*" >&2; }
die() { printf 'build.sh: %s\n' "$*" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif have sudo; then sudo "$@"
  else die "need root (or sudo) to run: $*"
  fi
}

apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "apt-get install ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

cargo_install() { # [--locked] crate version binary [version-probe-args...]
  local locked=()
  if [ "$1" = --locked ]; then locked=(--locked); shift; fi
  local crate=$1 version=$2 bin=$3
  shift 3
  # The output is captured first: `grep -q` closing the pipe early made a long version text
  # (geckodriver's) fail with SIGPIPE under pipefail, and reinstall on every run.
  if have "$bin" && [[ "$("$bin" "$@" 2>/dev/null)" == *" $version"* ]]; then return 0; fi
  log "cargo install $crate $version (a few minutes, once)"
  # No --locked for wasm-bindgen-cli: the registry index here lacks one of its pinned versions.
  cargo install --quiet "${locked[@]}" "$crate" --version "$version"
}

setup() {
  have rustup && have cargo || die "rustup not found: install Rust with rustup first (https://rustup.rs)"
  # A C toolchain for crates with build scripts (a fresh rustup install has no linker either).
  have cc || apt_install build-essential
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    log "rustup target add wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
  fi
  for component in rustfmt clippy; do
    rustup component list --installed | grep -q "^$component" || rustup component add "$component"
  done
  # Never Debian's binaryen: its wasm-opt 108 silently corrupts current wasm-bindgen output.
  # wasm-opt comes from the npm package `binaryen`, first on PATH via node_modules/.bin.
  apt_install zip
  # Node and Python are usually there already (possibly not from Debian): install only if absent.
  have node && have npm || apt_install nodejs npm
  have python3 || apt_install python3
  local node_major
  node_major=$(node -p 'process.versions.node.split(".")[0]')
  # playwright-core, puppeteer-core and web-ext need Node 20 (Debian 12's own nodejs is 18).
  [ "$node_major" -ge 20 ] || die "Node.js >= 20 is needed (found $(node -v)); install a newer nodejs"
  cargo_install wasm-bindgen-cli "$WASM_BINDGEN_VERSION" wasm-bindgen --version
  cargo_install wasm-pack "$WASM_PACK_VERSION" wasm-pack --version
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    log "npm ci"
    npm ci --no-audit --no-fund --loglevel=error
  fi
  [ "$(command -v wasm-opt)" = "$ROOT/node_modules/.bin/wasm-opt" ] || die "wasm-opt is not binaryen from npm"
}

# The browsers and their drivers: only `test` and `bench` need them, not a build.
# fonts-ipafont-gothic: Japanese glyphs for the browsers (the UI is in English and Japanese).
setup_browsers() {
  apt_install chromium chromium-driver firefox-esr fonts-ipafont-gothic
  cargo_install geckodriver "$GECKODRIVER_VERSION" geckodriver --version
}

# The server half's end-to-end test (tests/e2e/git-server.test.mjs) runs Debian's nginx and Caddy
# in front of git http-backend (through fcgiwrap); only `test` and `bench` need them, not a plain
# build. RUNLEVEL=1: installing must not start the system's nginx or Caddy on port 80 (the test
# runs its own).
setup_server_e2e() {
  RUNLEVEL=1 apt_install nginx caddy fcgiwrap git
}

# `patmint serve` under load beside nginx's `return 204` (wrk), with faults: bench/serve.sh.
bench_server() {
  setup_server_e2e
  RUNLEVEL=1 apt_install wrk curl
  log "patmint serve under load (wrk) and faults"
  bench/serve.sh
}

gz() { gzip -9nc "$1" | wc -c; }  # -n: no file name in the header, so the count is the content's
# The one version of the crate, the npm package and the extension: Cargo.toml's [package] version.
version() { sed -n '/^\[package\]/,/^\[/s/^version = "\(.*\)"/\1/p' Cargo.toml; }

build() {
  # Three packages from the one crate: the minting core every page loads, the scanner that
  # only the Redact panel and the extension's context menu load, and the verifier (the server
  # half, with the export file's JSON parser) that only the "Try it as a server would" panel
  # and Node servers load (cargo features mint/scan/verify).
  rm -rf www/pkg
  mkdir -p www/pkg
  build_package pkg patmint "$SIZE_BUDGET"
  build_package pkg-scan patmint_scan "$SCAN_SIZE_BUDGET" --no-default-features --features scan
  build_package pkg-verify patmint_verify "$VERIFY_SIZE_BUDGET" --no-default-features --features verify
  # The demo page's script (index.html loads pkg/app.js): www/app.js and the modules it imports
  # as one bundle instead of a graph of fifteen, which the browser discovers level by level
  # (the form is drawn about a quarter sooner, bench/ux.mjs). What app.js imports on first use
  # (the loader with the core, the scanner, the verifier) becomes chunks beside it, still loaded
  # only when needed; load-patmint.js's '../pkg/…' names the glue from there as from lib/.
  esbuild www/app.js --bundle --splitting --format=esm --minify --log-level=warning --outdir=www/pkg --chunk-names='chunk-[hash]'
}

# embed_wasm <wasm> gzip|plain: the JS module that carries a wasm as base64 (www/lib/guard.js
# decodeWasm tells the two apart by their first bytes). Gzipped for the pages, which travel over
# a network; plain for the extension, which is read from its own (already zipped) package, where
# inflating would only delay start-up.
embed_wasm() {
  printf '// Generated by build.sh: %s, %s, base64. Do not edit.\nexport default "' "$(basename "$1")" "$2"
  if [ "$2" = gzip ]; then gzip -9cn "$1" | base64 -w0; else base64 -w0 < "$1"; fi
  printf '";\n'
}

# build_package <out dir> <name> <budget> [cargo args...]
build_package() {
  local out=$1 name=$2 budget=$3; shift 3
  log "wasm-pack build $name (release)"
  # Remap source paths so that no machine path ends up in the shipped wasm, and keep the sha2
  # cfg of .cargo/config.toml: encoded flags (0x1f-separated, so paths may contain spaces)
  # override any RUSTFLAGS of the environment, which would otherwise replace both.
  local flags=(--cfg 'sha2_backend_soft="compact"'
    "--remap-path-prefix=${CARGO_HOME:-$HOME/.cargo}/registry/src/="
    "--remap-path-prefix=$ROOT/=")
  CARGO_ENCODED_RUSTFLAGS=$(IFS=$'\x1f'; printf '%s' "${flags[*]}") CARGO_PROFILE_RELEASE_OPT_LEVEL=z \
    wasm-pack --quiet build --target web --release --out-dir "$out" --out-name "$name" --no-pack \
    -- "$@" >/dev/null
  # What pages ship (www/pkg; the extension takes the glue and embeds the wasm its own way):
  # the glue, bundled with its inline snippet and minified, and the wasm inside a JS module
  # (gzip + base64), because the pages' CSP (connect-src 'none') forbids fetching it. See
  # www/lib/load-patmint.js.
  esbuild "$out/$name.js" --bundle --format=esm --minify --log-level=warning --outfile="www/pkg/$name.js"
  cp "$out/$name.d.ts" www/pkg/
  embed_wasm "$out/${name}_bg.wasm" gzip > "www/pkg/${name}_wasm.js"
  local wasm_raw wasm_gz js_raw js_gz total embed_raw embed_gz
  wasm_raw=$(wc -c < "$out/${name}_bg.wasm"); wasm_gz=$(gz "$out/${name}_bg.wasm")
  js_raw=$(wc -c < "www/pkg/$name.js"); js_gz=$(gz "www/pkg/$name.js")
  embed_raw=$(wc -c < "www/pkg/${name}_wasm.js"); embed_gz=$(gz "www/pkg/${name}_wasm.js")
  total=$((wasm_gz + js_gz))
  printf 'size %s: wasm %d B (%d B gzipped) + JS glue %d B (%d B gzipped) = %d B gzipped (budget %d B)\n' \
    "$name" "$wasm_raw" "$wasm_gz" "$js_raw" "$js_gz" "$total" "$budget"
  printf 'size %s: shipped wasm module (gzip+base64) %d B (%d B gzipped)\n' "$name" "$embed_raw" "$embed_gz"
  [ "$total" -le "$budget" ] || die "size budget of $name exceeded: $total > $budget bytes gzipped"
}

# The extension: extension/ plus the shared UI (www/lib), the core (www/pkg) and the page style,
# assembled — never copied by hand — into dist/chrome and dist/firefox, and zipped.
build_extension() {
  log "extension (dist/chrome, dist/firefox)"
  rm -rf dist
  local browser
  for browser in chrome firefox; do
    local out="dist/$browser"
    mkdir -p "$out/lib" "$out/pkg"
    cp -R extension/. "$out/"
    cp www/lib/*.js "$out/lib/"
    # The glue of the core, the scanner and the verifier (the options page's Import reads a
    # records file with the verifier's parser), and each wasm as it is (embed_wasm).
    local package
    for package in pkg/patmint pkg-scan/patmint_scan pkg-verify/patmint_verify; do
      cp "www/pkg/${package#*/}.js" "$out/pkg/"
      embed_wasm "${package}_bg.wasm" plain > "$out/pkg/${package#*/}_wasm.js"
    done
    cp www/style.css "$out/style.css"
    # The popup opens on every click of the toolbar button: one bundled module instead of a graph
    # of fifteen starts it about 10 % sooner (bench/ux.mjs). It sits at the package root, where
    # load-patmint.js's '../pkg/…' still names pkg/ (a URL's '..' stops at the root). Not
    # minified, so that a store reviewer can read it; esbuild is pinned by package-lock.json, so
    # the AMO source package rebuilds it byte for byte (tests/store/amo-source.test.mjs).
    esbuild "$out/popup.js" --bundle --format=esm --log-level=warning --allow-overwrite --outfile="$out/popup.js"
    # One source manifest valid in both browsers; what each package leaves out (keys, files)
    # is data in extension/browsers.json.
    node tools/extension-manifest.mjs "$browser" "$(version)" "$out"
    (cd "$out" && zip -qrX "../patmint-$browser.zip" .)
  done
  printf 'extension: dist/chrome (load unpacked), dist/firefox, dist/patmint-chrome.zip, dist/patmint-firefox.zip\n'
}

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

serve() {
  [ -f www/pkg/patmint_wasm.js ] && [ -f www/pkg/app.js ] || build
  local port=${PORT:-8080}
  log "serving the demo at http://127.0.0.1:$port/  (Ctrl-C to stop)"
  exec python3 -m http.server --bind 127.0.0.1 --directory www "$port"
}

test_all() {
  local started=$SECONDS
  log "cargo fmt --check"
  cargo fmt --all -- --check
  log "cargo clippy (native and wasm32)"
  cargo clippy --quiet --all-targets -- -D warnings
  cargo clippy --quiet --all-targets --target wasm32-unknown-unknown --features scan,verify -- -D warnings
  cargo clippy --quiet --lib --target wasm32-unknown-unknown --no-default-features --features scan -- -D warnings
  cargo clippy --quiet --lib --target wasm32-unknown-unknown --no-default-features --features verify -- -D warnings
  log "cargo test (native: unit, integration, CLI, doc)"
  cargo test --quiet
  build
  build_extension
  log "web-ext lint (Firefox package)"
  web-ext lint --source-dir dist/firefox --warnings-as-errors=false --output=text --no-config-discovery
  log "wasm-pack test --headless --chrome"
  # No --quiet here: wasm-pack passes it on to the test runner, which rejects it.
  wasm-pack test --headless --chrome -- --features scan,verify
  log "wasm-pack test --headless --firefox"
  wasm-pack test --headless --firefox -- --features scan,verify
  # Files, not directories: newer Node versions treat a directory argument as a module.
  log "JS unit tests (node --test)"
  node --test tests/js/*.test.mjs
  # Every scenario once per browser (tests/e2e/browsers.mjs): Playwright drives Chromium,
  # puppeteer-core over WebDriver BiDi drives Firefox ESR.
  local browser
  for browser in chromium firefox; do
    log "end-to-end in $browser"
    BROWSER=$browser node --test tests/e2e/*.test.mjs
  done
  test_ship
  log "all tests passed in $((SECONDS - started)) s"
}

# The release artefacts: the crate documents and packages without a warning, the npm tarball
# works once installed (Node, browsers, esbuild, strict CSP), the AMO source package rebuilds
# the Firefox package byte for byte.
test_ship() {
  log "cargo doc (warnings are errors)"
  RUSTDOCFLAGS="-D warnings" cargo doc --quiet --no-deps
  log "cargo package (builds the packaged crate; no warning allowed)"
  local out
  # --allow-dirty: local runs may have uncommitted work; CI runs on a clean clone.
  out=$(cargo package --allow-dirty 2>&1) || { printf '%s\n' "$out" >&2; die "cargo package failed"; }
  if grep -q '^warning' <<<"$out"; then printf '%s\n' "$out" >&2; die "cargo package warned"; fi
  pack
  log "npm package (Node, Chromium, Firefox, esbuild, strict CSP) and the AMO source build"
  node --test tests/npm/*.test.mjs tests/store/*.test.mjs
}

# Fuzzing needs nightly (sanitizer coverage); the normal test run only replays the corpus.
fuzz() {
  local seconds=${1:-60}
  have rustup || die "rustup is needed for the nightly toolchain"
  rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
  have cargo-fuzz || { log "cargo install cargo-fuzz (once)"; cargo install --quiet cargo-fuzz; }
  local target
  for target in $(cargo +nightly fuzz list); do
    log "cargo fuzz run $target for $seconds s"
    # New inputs go to target/ (the committed seeds in fuzz/corpus stay as they are); a crash
    # is written to fuzz/artifacts/ and fails the run.
    mkdir -p "target/fuzz-corpus/$target"
    if ! cargo +nightly fuzz run "$target" "target/fuzz-corpus/$target" "fuzz/corpus/$target" -- \
      -max_total_time="$seconds" -max_len=4096 -print_final_stats=1 >"target/fuzz-$target.log" 2>&1; then
      tail -n 40 "target/fuzz-$target.log" >&2
      die "fuzz target $target failed (input in fuzz/artifacts/$target, log in target/fuzz-$target.log)"
    fi
    grep -E '^stat::(number_of_executed_units|new_units_added)' "target/fuzz-$target.log" || true
  done
  log "fuzzing found no crash"
}

# Mutation testing of the access core: every mutant of the files and tests named in
# .cargo/mutants.toml must be caught, except the equivalent ones listed there (each with why).
# On demand only: 15 to 45 minutes on two shared cores, since each mutant is a rebuild.
mutants() {
  # `cargo-mutants --version` alone is refused: it expects to be run as `cargo mutants`.
  cargo_install --locked cargo-mutants "$CARGO_MUTANTS_VERSION" cargo-mutants mutants --version
  log "cargo mutants (results in target/mutants/mutants.out)"
  # No debug info: linking the test binaries of each mutant is most of its time. -j 2: the two
  # cores. cargo-mutants exits 2 if a mutant was missed, 3 if one timed out: a timeout fails too,
  # since on a loaded machine it was a survivor whose killing test had not run yet.
  local rc=0 out=target/mutants/mutants.out
  CARGO_PROFILE_DEV_DEBUG=0 CARGO_PROFILE_TEST_DEBUG=0 \
    cargo mutants --jobs "${MUTANTS_JOBS:-2}" --no-shuffle --output target/mutants || rc=$?
  case $rc in
    0) log "every mutant caught (or unviable, or listed as equivalent in .cargo/mutants.toml)" ;;
    2 | 3)
      cat "$out/missed.txt" "$out/timeout.txt" >&2
      die "mutants survived or timed out (above): add a test, or list an equivalent one in .cargo/mutants.toml with why" ;;
    *) die "cargo mutants failed (exit $rc)" ;;
  esac
}

case "${1:-}" in
  "") setup; build; build_extension; serve ;;
  setup) setup; setup_browsers; setup_server_e2e ;;
  build) setup; build; build_extension ;;
  serve) serve ;;
  pack) setup; build; build_extension; pack ;;
  test) setup; setup_browsers; setup_server_e2e; test_all ;;
  fuzz) fuzz "${2:-60}" ;;
  mutants) mutants ;;
  bench)
    setup; setup_browsers; build; build_extension # bench/ux.mjs loads dist/chrome
    log "browser benchmark (Chromium, Firefox)"; node bench/run.mjs
    # Lighthouse for the UX benchmark, kept out of package.json (200 packages no test needs);
    # 12.x: 13 needs Node 22.
    [ -d target/lighthouse/node_modules/lighthouse ] || npm install --silent --no-audit --no-fund --no-save --prefix target/lighthouse lighthouse@12.8.2
    log "pages as a new user meets them (layout shift, popup start-up, Lighthouse)"; node bench/ux.mjs
    log "records at scale (Chromium, Firefox)"; node bench/records.mjs
    log "native benchmarks (Criterion)"; cargo bench --quiet --bench core -- --warm-up-time 1 --measurement-time 3 2>&1 | grep -E '^[a-z_]+/|thrpt:'
    bench_server ;;
  # The header comment above `set -e`, whatever its length.
  help | -h | --help) awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "$0" ;;
  *) die "unknown command '$1' (see ./build.sh help)" ;;
esac
