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
