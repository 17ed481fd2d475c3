//! Generating tokens. [`SecretToken`] is the only type that holds a secret; checking one is
//! [`crate::check()`].

use core::fmt;

use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use crate::base62;
use crate::check::check_with;
use crate::checksum;
use crate::error::{Error, RandomError, TokenError};
use crate::fingerprint;
use crate::format::{self, Format};
use crate::mask;
use crate::rng::{RandomSource, SystemRandom};

/// The largest number of tokens [`generate_many`] makes in one call.
pub const MAX_BULK: usize = 100_000;

/// A generated token. The secret is zeroized when the value is dropped; `Debug` and `Display`
/// show only the masked form.
///
/// ```
/// use patmint::{Format, SecretToken};
/// let t = SecretToken::generate(&Format::DEFAULT).unwrap();
/// assert_eq!(t.expose_secret().len(), 40);
/// assert!(format!("{t:?}").contains("••••"));
/// assert!(!format!("{t}").contains(t.expose_secret()));
/// ```
#[derive(Zeroize, ZeroizeOnDrop)]
pub struct SecretToken {
    secret: String,
    #[zeroize(skip)]
    format: Format,
}

impl SecretToken {
    /// A new token from the system's CSPRNG.
    pub fn generate(format: &Format) -> Result<SecretToken, RandomError> {
        let mut rng = SystemRandom::with_capacity(format.len() + 16);
        Self::generate_with(format, &mut rng)
    }

    /// A new token from `rng`. Production front ends always pass a [`SystemRandom`].
    pub fn generate_with(
        format: &Format,
        rng: &mut dyn RandomSource,
    ) -> Result<SecretToken, RandomError> {
        let len = format.len();
        // Exact capacity: the string is never reallocated, so no stray copy of the secret is
        // left behind in freed memory.
        let mut secret = String::with_capacity(len);
        if let Err(e) = write_token(format, rng, &mut secret) {
            secret.zeroize();
            return Err(e);
        }
        debug_assert_eq!(secret.len(), len);
        debug_assert_eq!(secret.capacity(), len);
        Ok(SecretToken {
            secret,
            format: format.clone(),
        })
    }

    /// Takes an existing token (e.g. one GitHub issued) after checking it against the built-in
    /// formats and `custom`, so that its record can be made; the copy is zeroized on drop.
    ///
    /// ```
    /// let t = patmint::SecretToken::import("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", &[]).unwrap();
    /// assert_eq!(t.last4(), "T4V4");
    /// assert!(patmint::SecretToken::import("ghp_M7H4jxUDDWHP4kZ6A4dxlQYsQIWJuq11T4V3", &[]).is_err());
    /// ```
    pub fn import(token: &str, custom: &[Format]) -> Result<SecretToken, TokenError> {
        let info = check_with(token, custom)?;
        let mut secret = String::with_capacity(token.len());
        secret.push_str(token);
        Ok(SecretToken {
            secret,
            format: info.format,
        })
    }

    /// The secret itself. Call it only to hand the token to the user on an explicit action
    /// (reveal, copy) or to its final destination.
    pub fn expose_secret(&self) -> &str {
        &self.secret
    }

    /// The format the token was generated in.
    pub fn format(&self) -> &Format {
        &self.format
    }

    /// The display form, e.g. `ghp_••••…••T4V4`.
    pub fn masked(&self) -> String {
        mask::mask(&self.secret)
    }

    /// SHA-256 of the token, 64 lowercase hex: what a server stores instead of the secret.
    pub fn fingerprint(&self) -> String {
        fingerprint::fingerprint(&self.secret)
    }

    /// The last four characters, which GitHub shows in its token list.
    pub fn last4(&self) -> &str {
        mask::last4(&self.secret)
    }
}

impl fmt::Debug for SecretToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SecretToken({}, {})", self.format.id(), self.masked())
    }
}

impl fmt::Display for SecretToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

/// Appends one token in `format` to `out`. Callers reserve the capacity first (a reallocation
/// would leave a copy of the secret in freed memory) and zeroize `out` on error.
fn write_token(
    format: &Format,
    rng: &mut dyn RandomSource,
    out: &mut String,
) -> Result<(), RandomError> {
    let mut random = [0u8; format::CUSTOM_RANDOM_MAX];
    let result = write_parts(format, rng, out, &mut random);
    // Scrub only what a token of this format used (the longest part for fine-grained).
    let used = match format {
        Format::Classic(_) => format::CLASSIC_RANDOM_LEN,
        Format::Custom(c) => c.random_len(),
        Format::FineGrained => format::FINE_GRAINED_SECOND,
    };
    random[..used].zeroize();
    result
}

fn write_parts(
    format: &Format,
    rng: &mut dyn RandomSource,
    out: &mut String,
    random: &mut [u8; format::CUSTOM_RANDOM_MAX],
) -> Result<(), RandomError> {
    out.push_str(format.prefix());
    let random_len = match format {
        Format::Classic(_) => format::CLASSIC_RANDOM_LEN,
        Format::Custom(c) => c.random_len(),
        Format::FineGrained => {
            let first = &mut random[..format::FINE_GRAINED_FIRST];
            base62::fill_random(rng, first)?;
            push_ascii(out, first);
            out.push('_');
            format::FINE_GRAINED_SECOND
        }
    };
    let part = &mut random[..random_len];
    base62::fill_random(rng, part)?;
    push_ascii(out, part);
    if format.has_checksum() {
        push_ascii(out, &checksum::compute(part));
    }
    Ok(())
}

/// `count` tokens in one string, separated by `separator`: the bulk path across the wasm
/// boundary (one string instead of one call per token). Zeroized when dropped.
///
/// ```
/// let joined = patmint::token::generate_joined(&patmint::Format::DEFAULT, 3, '\n').unwrap();
/// assert_eq!(joined.lines().count(), 3);
/// assert!(joined.lines().all(|t| patmint::check(t).is_ok()));
/// ```
pub fn generate_joined(
    format: &Format,
    count: usize,
    separator: char,
) -> Result<Zeroizing<String>, Error> {
    if !(1..=MAX_BULK).contains(&count) {
        return Err(Error::InvalidCount { max: MAX_BULK });
    }
    let per_token = format.len() + separator.len_utf8();
    let mut rng = SystemRandom::with_capacity(per_token.saturating_mul(count));
    let mut joined = Zeroizing::new(String::with_capacity(per_token * count));
    for i in 0..count {
        if i > 0 {
            joined.push(separator);
        }
        write_token(format, &mut rng, &mut joined)?;
    }
    Ok(joined)
}

/// Appends base62 bytes (ASCII) to `s` without reallocating when capacity suffices.
fn push_ascii(s: &mut String, bytes: &[u8]) {
    for &b in bytes {
        s.push(char::from(b));
    }
}

/// `count` tokens sharing one pool, so the system random source is called about once per
/// 30 classic tokens instead of once per token.
///
/// ```
/// let tokens = patmint::generate_many(&patmint::Format::DEFAULT, 3).unwrap();
/// assert_eq!(tokens.len(), 3);
/// ```
pub fn generate_many(format: &Format, count: usize) -> Result<Vec<SecretToken>, Error> {
    // The count is validated by `generate_many_with`; the pool size is clamped anyway.
    let per_token = format.len() + format.len() / 16 + 2;
    let mut rng = SystemRandom::with_capacity(per_token.saturating_mul(count));
    generate_many_with(format, count, &mut rng)
}

/// [`generate_many`] with an explicit random source (for tests).
pub fn generate_many_with(
    format: &Format,
    count: usize,
    rng: &mut dyn RandomSource,
) -> Result<Vec<SecretToken>, Error> {
    if !(1..=MAX_BULK).contains(&count) {
        return Err(Error::InvalidCount { max: MAX_BULK });
    }
    let mut out = Vec::with_capacity(count);
    for _ in 0..count {
        out.push(SecretToken::generate_with(format, rng)?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::check;

    /// A deterministic source for unit tests: SplitMix64.
    struct SplitMix(u64);
    impl RandomSource for SplitMix {
        fn fill(&mut self, dest: &mut [u8]) -> Result<(), RandomError> {
            for d in dest {
                self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
                let mut z = self.0;
                z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
                z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
                *d = (z ^ (z >> 31)) as u8;
            }
            Ok(())
        }
    }

    struct Broken;
    impl RandomSource for Broken {
        fn fill(&mut self, _: &mut [u8]) -> Result<(), RandomError> {
            Err(RandomError)
        }
    }

    #[test]
    fn generated_tokens_check_valid_in_every_format() {
        let mut rng = SplitMix(1);
        let mut formats = Format::builtin();
        formats.push(Format::parse("custom:acme:16").unwrap());
        formats.push(Format::parse("custom:z9:128").unwrap());
        for f in &formats {
            for _ in 0..50 {
                let t = SecretToken::generate_with(f, &mut rng).unwrap();
                assert_eq!(t.expose_secret().len(), f.len());
                let info = check_with(t.expose_secret(), &formats).unwrap();
                assert_eq!(&info.format, f);
            }
        }
    }

    #[test]
    fn failing_random_source_is_an_error() {
        assert_eq!(
            SecretToken::generate_with(&Format::DEFAULT, &mut Broken).err(),
            Some(RandomError)
        );
        assert!(generate_many_with(&Format::FineGrained, 2, &mut Broken).is_err());
    }

    #[test]
    fn joined_bulk_tokens_are_valid_and_distinct() {
        let joined = generate_joined(&Format::FineGrained, 500, '\n').unwrap();
        let tokens: std::collections::HashSet<&str> = joined.lines().collect();
        assert_eq!(tokens.len(), 500);
        assert!(tokens.iter().all(|t| check(t).is_ok()));
        assert_eq!(joined.capacity(), 500 * 94, "never reallocated");
        assert!(generate_joined(&Format::DEFAULT, 0, '\n').is_err());
    }

    #[test]
    fn bulk_count_bounds() {
        assert!(generate_many(&Format::DEFAULT, 0).is_err());
        assert!(generate_many(&Format::DEFAULT, MAX_BULK + 1).is_err());
        let many = generate_many(&Format::DEFAULT, 100).unwrap();
        assert_eq!(many.len(), 100);
    }

    #[test]
    fn debug_and_display_hide_the_secret() {
        let t = SecretToken::generate_with(&Format::DEFAULT, &mut SplitMix(7)).unwrap();
        let secret = t.expose_secret().to_owned();
        for shown in [format!("{t:?}"), format!("{t}"), format!("{t:#?}")] {
            assert!(!shown.contains(&secret[4..36]), "{shown}");
        }
    }
}
