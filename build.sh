#!/usr/bin/env bash
# patmint build script: installs what is missing (idempotently), builds the wasm packages and the
# demo page, serves the demo, runs every test. Each step lives in scripts/<step>.sh.
#
#   ./build.sh            setup + build + serve the demo on http://127.0.0.1:8080/ (PORT=... to change)
#   ./build.sh setup      install everything (rust target, wasm-pack, wasm-bindgen, npm; the browsers and nginx the
#                         tests need — build, serve and pack install only what building needs)
#   ./build.sh build      build pkg/, pkg-scan/, pkg-verify/, www/pkg/ (release wasm, minified glue; size budgets) and dist/ (extension)
#   ./build.sh serve      serve www/ on 127.0.0.1 (after a build)
#   ./build.sh pack       build, then the release artefacts in dist/: the npm tarball, the store zips, the AMO source package
#   ./build.sh test       every test: lint, native, wasm and end-to-end in Chromium and Firefox, release artefacts;
#                         stage times at the end
#   ./build.sh test STAGE...  only those stages: lint rust build wasm js e2e (both browsers at once)
#                         e2e-chromium e2e-firefox ship; see scripts/test.sh
#   ./build.sh fuzz [S]   run every cargo-fuzz target for S seconds (default 60); fails on a crash
#   ./build.sh mutants    mutation testing of the access core (cargo-mutants; .cargo/mutants.toml); fails on a survivor
#   ./build.sh bench      browser benchmark (Chromium, Firefox) against the peers + native Criterion benches
#                         + patmint serve under load and faults (bench/serve.sh)
#   ./build.sh help       this text
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
ROOT=$PWD

for step in common setup build extension pack test bench fuzz mutants; do
  # shellcheck source=/dev/null
  . "scripts/$step.sh"
done

case "${1:-}" in
  "") setup; build; build_extension; serve ;;
  setup) setup; setup_browsers; setup_server_e2e ;;
  build) setup; build; build_extension ;;
  serve) serve ;;
  pack) setup; build; build_extension; pack ;;
  test) shift; setup; setup_browsers; setup_server_e2e; test_stages "$@" ;;
  fuzz) fuzz "${2:-60}" ;;
  mutants) mutants ;;
  bench) setup; setup_browsers; bench_all ;;
  # The header comment above `set -e`, whatever its length.
  help | -h | --help) awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "$0" ;;
  *) die "unknown command '$1' (see ./build.sh help)" ;;
esac
