# shellcheck shell=bash
# Fuzzing needs nightly (sanitizer coverage); the normal test run only replays the corpus.
fuzz() {
  local seconds=${1:-60}
  cd crates/patmint # cargo-fuzz looks for fuzz/ beside the crate
  have rustup || die "rustup is needed for the nightly toolchain"
  rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
  have cargo-fuzz || { log "cargo install cargo-fuzz (once)"; cargo install --quiet cargo-fuzz; }
  local target
  for target in $(cargo +nightly fuzz list); do
    log "cargo fuzz run $target for $seconds s"
    # New inputs go to target/ (the committed seeds in fuzz/corpus stay as they are); a crash
    # is written to fuzz/artifacts/ and fails the run.
    mkdir -p "$ROOT/target/fuzz-corpus/$target"
    if ! cargo +nightly fuzz run "$target" "$ROOT/target/fuzz-corpus/$target" "fuzz/corpus/$target" -- \
      -max_total_time="$seconds" -max_len=4096 -print_final_stats=1 >"$ROOT/target/fuzz-$target.log" 2>&1; then
      tail -n 40 "$ROOT/target/fuzz-$target.log" >&2
      die "fuzz target $target failed (input in fuzz/artifacts/$target, log in target/fuzz-$target.log)"
    fi
    grep -E '^stat::(number_of_executed_units|new_units_added)' "$ROOT/target/fuzz-$target.log" || true
  done
  log "fuzzing found no crash"
}
