# shellcheck shell=bash
# ./build.sh test [STAGE...]: every test by default; one or more stages for a fast loop. Each stage
# is timed and the times are printed at the end, so a slow stage shows at once.
#
#   lint          cargo fmt --check, clippy (native and the three wasm32 feature sets)
#   rust          cargo test: unit, integration, CLI, doc (native)
#   build         the wasm packages, the page and the extension; web-ext lint
#   wasm          wasm-pack test in headless Chromium and Firefox
#   js            JS unit tests (node --test tests/js)
#   e2e           every end-to-end scenario in Chromium and in Firefox ESR, both at once
#   e2e-chromium  the same in Chromium only (Playwright)
#   e2e-firefox   the same in Firefox ESR only (puppeteer-core over WebDriver BiDi)
#   server        the server half over PostgreSQL: three verifiers behind nginx, git, revocation
#   ship          cargo doc and package, the npm tarball, the AMO source package
#   all           every stage but the one-browser ones (the default)

TEST_STAGES=(lint rust build wasm js e2e e2e-chromium e2e-firefox server ship)
DEFAULT_STAGES=(lint rust build wasm js e2e server ship)

stage_lint() {
  cargo fmt --all -- --check
  cargo clippy --quiet --all-targets -- -D warnings
  # The wasm packages as build.sh builds them (the library under them, with and without json).
  local wasm=(--quiet --target wasm32-unknown-unknown)
  cargo clippy "${wasm[@]}" -p patmint-wasm --all-targets --features scan,verify -- -D warnings
  cargo clippy "${wasm[@]}" -p patmint-wasm --lib --no-default-features --features scan -- -D warnings
  cargo clippy "${wasm[@]}" -p patmint-wasm --lib --no-default-features --features verify -- -D warnings
  cargo clippy "${wasm[@]}" -p patmint --lib --no-default-features -- -D warnings
  cargo clippy "${wasm[@]}" -p patmint --lib -- -D warnings
}

stage_rust() { cargo test --quiet; }

stage_build() {
  build
  build_extension
  web-ext lint --source-dir dist/firefox --warnings-as-errors=false --output=text --no-config-discovery
}

# No --quiet for wasm-pack test: it passes it on to the test runner, which rejects it. Run in
# the crate's folder: given a path, wasm-pack hands what follows `--` to the test binary.
stage_wasm() {
  (cd "$WASM_CRATE" && wasm-pack test --headless --chrome -- --features scan,verify)
  (cd "$WASM_CRATE" && wasm-pack test --headless --firefox -- --features scan,verify)
}

# Files, not directories: newer Node versions treat a directory argument as a module.
stage_js() { node --test tests/js/*.test.mjs; }

# Every scenario once per browser (tests/e2e/browsers.mjs).
stage_e2e-chromium() { BROWSER=chromium node --test tests/e2e/*.test.mjs; }
stage_e2e-firefox() { BROWSER=firefox node --test tests/e2e/*.test.mjs; }

# Both browsers at once: each run spends most of its time waiting on its browser, so two
# overlap well on two cores (every server and profile of a run is its own: ephemeral ports,
# temporary directories). Each run's output goes to target/e2e/<browser>.log, shown when it fails.
stage_e2e() {
  mkdir -p target/e2e
  local browser pids=() failed=()
  for browser in chromium firefox; do
    BROWSER=$browser node --test tests/e2e/*.test.mjs >"target/e2e/$browser.log" 2>&1 &
    pids+=("$!")
  done
  local i=0
  for browser in chromium firefox; do
    if ! wait "${pids[$i]}"; then failed+=("$browser"); fi
    i=$((i + 1))
    grep -E '^# (tests|pass|fail|duration_ms)' "target/e2e/$browser.log" | sed "s/^/  $browser /" >&2 || true
  done
  for browser in "${failed[@]}"; do
    grep -B2 -A30 '^not ok' "target/e2e/$browser.log" >&2 || tail -n 60 "target/e2e/$browser.log" >&2
  done
  [ ${#failed[@]} -eq 0 ] || die "end-to-end failed in: ${failed[*]} (target/e2e/<browser>.log)"
}

# The server half at team scale (tests/server): a throwaway PostgreSQL cluster, several
# `patmint serve --store` behind nginx; browser-free, so it runs once, not per browser.
stage_server() { node --test tests/server/*.test.mjs; }

# The release artefacts: the crate documents and packages without a warning, the npm tarball
# works once installed (Node, browsers, esbuild, strict CSP), the AMO source package rebuilds
# the Firefox package byte for byte.
stage_ship() {
  # The crates people build on; the binary's doc comments are its --help text, not rustdoc.
  RUSTDOCFLAGS="-D warnings" cargo doc --quiet --no-deps -p patmint -p patmint-wasm
  local out
  # --allow-dirty: local runs may have uncommitted work; CI runs on a clean clone.
  out=$(cargo package -p patmint --allow-dirty 2>&1) || { printf '%s\n' "$out" >&2; die "cargo package failed"; }
  if grep -q '^warning' <<<"$out"; then printf '%s\n' "$out" >&2; die "cargo package warned"; fi
  pack
  node --test tests/npm/*.test.mjs tests/store/*.test.mjs
}

# Stages that test what `build` makes: asked for alone, they build first (timed as `build`).
stage_needs_build() { case $1 in wasm | lint | rust | server) return 1 ;; *) return 0 ;; esac; }

test_stages() {
  local wanted=() stage
  [ $# -gt 0 ] || set -- all
  for stage in "$@"; do
    case $stage in
      all) wanted+=("${DEFAULT_STAGES[@]}") ;;
      *) [[ " ${TEST_STAGES[*]} " == *" $stage "* ]] || die "unknown test stage '$stage' (${TEST_STAGES[*]} all)"
         wanted+=("$stage") ;;
    esac
  done
  local started=$SECONDS built=0 times=() t0
  for stage in "${TEST_STAGES[@]}"; do
    [[ " ${wanted[*]} " == *" $stage "* ]] || continue
    if [ "$stage" = build ]; then built=1
    elif [ $built = 0 ] && stage_needs_build "$stage"; then
      log "test stage build (needed by $stage)"; t0=$SECONDS; stage_build; built=1
      times+=("$(printf '%-13s %4d s' build $((SECONDS - t0)))")
    fi
    log "test stage $stage"
    t0=$SECONDS
    "stage_$stage"
    times+=("$(printf '%-13s %4d s' "$stage" $((SECONDS - t0)))")
  done
  log "tests passed in $((SECONDS - started)) s:"
  printf '  %s\n' "${times[@]}" >&2
}
