//! The character distribution of generated tokens is uniform over the 62 base62 characters.
//!
//! Chi-square with 61 degrees of freedom. With the seeded source the outcome is deterministic,
//! checked at the p = 0.001 critical value (100.9); with the system source (whatever it
//! returns today) at p = 1e-6 (128.9), a false alarm once in a million runs.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use patmint::rng::{RandomSource, SystemRandom};
use patmint::{base62, Format, SecretToken};

const CRITICAL_P001: f64 = 100.9;
const CRITICAL_P1E6: f64 = 128.9;

/// Counts the random characters (prefix, separator and checksum excluded) of `n` tokens.
fn chi_square(format: &Format, rng: &mut dyn RandomSource, min_chars: usize) -> (f64, usize) {
    let mut counts = [0u64; 62];
    let mut total = 0usize;
    while total < min_chars {
        let t = SecretToken::generate_with(format, rng).unwrap();
        let s = t.expose_secret().as_bytes();
        let info = patmint::check_with(t.expose_secret(), std::slice::from_ref(format)).unwrap();
        for &b in &s[info.random] {
            if b != b'_' {
                counts[usize::from(base62::value(b).unwrap())] += 1;
                total += 1;
            }
        }
    }
    let expected = total as f64 / 62.0;
    let chi = counts
        .iter()
        .map(|&c| (c as f64 - expected).powi(2) / expected)
        .sum();
    (chi, total)
}

#[test]
fn seeded_characters_are_uniform_in_every_format() {
    let mut formats = Format::builtin();
    formats.push(Format::parse("custom:acme:64").unwrap());
    for (i, f) in formats.iter().enumerate() {
        let (chi, n) = chi_square(f, &mut common::Seeded::new(10 + i as u8), 300_000);
        assert!(n >= 300_000);
        assert!(
            chi < CRITICAL_P001,
            "{f}: chi-square {chi:.1} over {n} characters"
        );
    }
}

#[test]
fn system_characters_are_uniform() {
    let (chi, n) = chi_square(&Format::DEFAULT, &mut SystemRandom::new(), 150_000);
    assert!(
        chi < CRITICAL_P1E6,
        "chi-square {chi:.1} over {n} characters"
    );
}

/// A biased sampler (`byte % 62` without rejection) must fail the same test: the test has
/// the power to see the bias it guards against.
#[test]
fn the_test_detects_modulo_bias() {
    let mut rng = common::Seeded::new(99);
    let mut counts = [0u64; 62];
    let mut buf = [0u8; 1024];
    for _ in 0..300 {
        rng.fill(&mut buf).unwrap();
        for &b in &buf {
            counts[usize::from(b % 62)] += 1;
        }
    }
    let total: u64 = counts.iter().sum();
    let expected = total as f64 / 62.0;
    let chi: f64 = counts
        .iter()
        .map(|&c| (c as f64 - expected).powi(2) / expected)
        .sum();
    assert!(chi > CRITICAL_P1E6, "modulo bias went unnoticed: {chi:.1}");
}
