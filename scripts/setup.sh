# shellcheck shell=bash
# ./build.sh setup: what building needs (setup), what the tests add (browsers, the server half).

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
  RUNLEVEL=1 apt_install nginx caddy fcgiwrap git postgresql
}
