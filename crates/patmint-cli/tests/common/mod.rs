//! The CLI's tests: the library tests' helpers (seeded randomness, positions, masks) and a
//! runner for the `patmint` binary this crate builds.
#![allow(dead_code, unused_imports)]

#[path = "../../../patmint/tests/common/mod.rs"]
mod shared;
pub use shared::*;

/// Runs the `patmint` binary with `args` and `stdin`.
pub fn run_cli(args: &[&str], stdin: &[u8]) -> std::process::Output {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_patmint"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The child may exit before reading everything (e.g. only files are scanned).
    let _ = child.stdin.take().unwrap().write_all(stdin);
    child.wait_with_output().unwrap()
}
