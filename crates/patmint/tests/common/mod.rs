//! Test-only randomness: a seeded ChaCha20 source for known-answer and statistical tests.
//! Production code has no way to select it: it exists only in the test crates.
#![allow(dead_code)]

use patmint::rng::RandomSource;
use patmint::RandomError;
use rand_chacha::rand_core::{RngCore, SeedableRng};
use rand_chacha::ChaCha20Rng;

pub struct Seeded(ChaCha20Rng);

impl Seeded {
    pub fn new(seed: u8) -> Seeded {
        Seeded(ChaCha20Rng::from_seed([seed; 32]))
    }
}

impl RandomSource for Seeded {
    fn fill(&mut self, dest: &mut [u8]) -> Result<(), RandomError> {
        self.0.fill_bytes(dest);
        Ok(())
    }
}

/// A reader that returns at most `step` bytes per read (to cut streams anywhere).
pub struct Trickle<'a>(pub &'a [u8], pub usize);

impl std::io::Read for Trickle<'_> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let n = self.0.len().min(self.1).min(out.len());
        out[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        Ok(n)
    }
}

/// 1-based line and column (in characters) of byte `at`.
pub fn line_col(text: &[u8], at: usize) -> (u64, u64) {
    let before = &text[..at];
    let line = 1 + before.iter().filter(|&&b| b == b'\n').count() as u64;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = 1 + String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count() as u64;
    (line, column)
}

/// The scanner's masked form of `token`: prefix, `•` for the body, the last 4 kept unless
/// `keep_last` is false (a `-` follows the token).
pub fn masked(token: &str, prefix_len: usize, keep_last: bool) -> String {
    let n = token.len();
    let keep = if keep_last { 4 } else { 0 };
    format!(
        "{}{}{}",
        &token[..prefix_len],
        "•".repeat(n - prefix_len - keep),
        &token[n - keep..]
    )
}
