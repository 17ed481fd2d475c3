# shellcheck shell=bash
# What every step of build.sh shares: pinned tool versions, PATH, logging and installing.

# Pinned tool versions. wasm-bindgen must match the `=` pin of the wasm crate exactly, or
# wasm-pack falls back to a slow private download/compile.
WASM_CRATE=crates/patmint-wasm
WASM_BINDGEN_VERSION=$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)"/\1/p' "$WASM_CRATE/Cargo.toml")
WASM_PACK_VERSION=0.15.1
GECKODRIVER_VERSION=0.37.1
CARGO_MUTANTS_VERSION=27.1.0
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

gz() { gzip -9nc "$1" | wc -c; }  # -n: no file name in the header, so the count is the content's
# The one version of the crates, the npm package and the extension: the workspace's version.
version() { sed -n '/^\[workspace.package\]/,/^\[/s/^version = "\(.*\)"/\1/p' Cargo.toml; }
