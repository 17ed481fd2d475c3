//! Where randomness comes from.
//!
//! Production code draws from the operating system (natively) or `crypto.getRandomValues`
//! (in the browser, through `getrandom`'s `wasm_js` backend) via [`SystemRandom`], a buffered
//! pool: one system call serves many tokens. The crate contains no other implementation of
//! [`RandomSource`]; the seeded sources used by known-answer tests live in the tests only.

use zeroize::{Zeroize, Zeroizing};

use crate::error::RandomError;

/// A source of random bytes. Implement it only to inject a deterministic source in tests,
/// or a hardware source in a native application; the CLI and the wasm API always use
/// [`SystemRandom`].
pub trait RandomSource {
    /// Fills `dest` entirely with random bytes.
    fn fill(&mut self, dest: &mut [u8]) -> Result<(), RandomError>;
}

/// Smallest and largest pool sizes, in bytes. The browser refuses more than 65536 bytes per
/// `getRandomValues` call; `getrandom` splits larger requests itself, but a pool that size is
/// plenty (about 2000 classic tokens).
const MIN_POOL: usize = 64;
const MAX_POOL: usize = 65536;
const DEFAULT_POOL: usize = 1024;

/// The system CSPRNG behind a pool that is refilled with one `getrandom` call at a time.
///
/// Bytes are zeroized in the pool as soon as they are handed out, and the whole pool when it
/// is dropped, so bytes that became part of a secret do not linger here.
///
/// ```
/// use patmint::rng::{RandomSource, SystemRandom};
/// let mut rng = SystemRandom::new();
/// let mut buf = [0u8; 16];
/// rng.fill(&mut buf).unwrap();
/// ```
pub struct SystemRandom {
    pool: Zeroizing<Vec<u8>>,
    capacity: usize,
    pos: usize,
}

impl SystemRandom {
    /// A pool of the default size (1 KiB, about 30 classic tokens per refill).
    pub fn new() -> Self {
        Self::with_capacity(DEFAULT_POOL)
    }

    /// A pool sized for the expected use, clamped to 64 B..=64 KiB. Allocation is deferred
    /// to the first draw.
    pub fn with_capacity(bytes: usize) -> Self {
        SystemRandom {
            pool: Zeroizing::new(Vec::new()),
            capacity: bytes.clamp(MIN_POOL, MAX_POOL),
            pos: 0,
        }
    }

    fn refill(&mut self) -> Result<(), RandomError> {
        if self.pool.len() != self.capacity {
            // Only ever grows from empty to `capacity`: the vector is never reallocated with
            // random bytes in it.
            self.pool.zeroize();
            self.pool.resize(self.capacity, 0);
        }
        getrandom::fill(&mut self.pool[..]).map_err(|_| RandomError)?;
        self.pos = 0;
        Ok(())
    }
}

impl Default for SystemRandom {
    fn default() -> Self {
        Self::new()
    }
}

impl RandomSource for SystemRandom {
    fn fill(&mut self, dest: &mut [u8]) -> Result<(), RandomError> {
        let mut done = 0;
        while done < dest.len() {
            if self.pos >= self.pool.len() {
                self.refill()?;
            }
            let n = (dest.len() - done).min(self.pool.len() - self.pos);
            let src = &mut self.pool[self.pos..self.pos + n];
            dest[done..done + n].copy_from_slice(src);
            src.zeroize();
            self.pos += n;
            done += n;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_more_than_one_pool() {
        let mut rng = SystemRandom::with_capacity(64);
        let mut buf = vec![0u8; 1000];
        rng.fill(&mut buf).unwrap();
        // 1000 zero bytes from a CSPRNG: probability 2^-8000.
        assert!(buf.iter().any(|&b| b != 0));
        // Every handed-out byte has been scrubbed from the pool.
        assert!(rng.pool[..rng.pos].iter().all(|&b| b == 0));
    }

    #[test]
    fn capacity_is_clamped() {
        assert_eq!(SystemRandom::with_capacity(0).capacity, MIN_POOL);
        assert_eq!(SystemRandom::with_capacity(usize::MAX).capacity, MAX_POOL);
    }

    #[test]
    fn two_draws_differ() {
        let mut rng = SystemRandom::new();
        let (mut a, mut b) = ([0u8; 32], [0u8; 32]);
        rng.fill(&mut a).unwrap();
        rng.fill(&mut b).unwrap();
        assert_ne!(a, b);
    }
}
