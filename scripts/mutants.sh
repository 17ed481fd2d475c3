# shellcheck shell=bash
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
