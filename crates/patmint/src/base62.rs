//! Base62 with the alphabet `0-9A-Za-z`: fixed-width encoding of a `u32` (for checksums) and
//! unbiased sampling of random characters.

use zeroize::Zeroize;

use crate::error::RandomError;
use crate::rng::RandomSource;

/// The alphabet, in GitHub's order: digits, upper case, lower case.
pub const ALPHABET: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// Bytes at or above this bound are rejected: 248 = 4 × 62 is the largest multiple of 62 that
/// fits in a byte, so every accepted byte maps to each character with probability exactly 4/248.
pub const REJECT_FROM: u8 = 248;

/// Width of an encoded `u32`: 62^6 > 2^32 > 62^5.
pub const U32_WIDTH: usize = 6;

/// Whether `b` is a base62 character.
#[inline]
pub fn is_base62(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

/// The value (0..62) of a base62 character.
#[inline]
pub fn value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'A'..=b'Z' => Some(b - b'A' + 10),
        b'a'..=b'z' => Some(b - b'a' + 36),
        _ => None,
    }
}

/// Encodes `v` in exactly 6 characters, most significant first, left-padded with `0`.
///
/// ```
/// assert_eq!(&patmint::base62::encode_u32(61), b"00000z");
/// assert_eq!(&patmint::base62::encode_u32(u32::MAX), b"4gfFC3");
/// ```
pub fn encode_u32(mut v: u32) -> [u8; U32_WIDTH] {
    let mut out = [b'0'; U32_WIDTH];
    for slot in out.iter_mut().rev() {
        *slot = ALPHABET[(v % 62) as usize];
        v /= 62;
    }
    out
}

/// Decodes a base62 number of any width; `None` on a non-base62 character or overflow.
///
/// ```
/// assert_eq!(patmint::base62::decode_u32(b"00000z"), Some(61));
/// assert_eq!(patmint::base62::decode_u32(b"4gfFC4"), None); // u32::MAX + 1
/// ```
pub fn decode_u32(s: &[u8]) -> Option<u32> {
    s.iter().try_fold(0u32, |acc, &b| {
        acc.checked_mul(62)?.checked_add(u32::from(value(b)?))
    })
}

/// Maps a random byte to a character, or `None` if it must be rejected.
#[inline]
pub fn sample_byte(b: u8) -> Option<u8> {
    if b < REJECT_FROM {
        Some(ALPHABET[usize::from(b % 62)])
    } else {
        None
    }
}

/// Fills `out` with uniformly distributed base62 characters drawn from `rng`, by rejection
/// sampling. Scratch bytes live in a buffer that is zeroized on return.
pub fn fill_random(rng: &mut dyn RandomSource, out: &mut [u8]) -> Result<(), RandomError> {
    let mut scratch = [0u8; 128];
    let mut used = 0;
    let mut i = 0;
    let result = loop {
        if i >= out.len() {
            break Ok(());
        }
        let missing = out.len() - i;
        // Ask for a little more than needed (about 3% of bytes are rejected) so that one
        // round usually suffices; leftover bytes are discarded with the scratch buffer.
        let want = (missing + missing / 16 + 2).min(scratch.len());
        used = used.max(want);
        if let Err(e) = rng.fill(&mut scratch[..want]) {
            break Err(e);
        }
        for &b in scratch[..want].iter() {
            if let Some(c) = sample_byte(b) {
                out[i] = c;
                i += 1;
                if i == out.len() {
                    break;
                }
            }
        }
    };
    // Only the bytes drawn can hold randomness: scrub those (volatile writes are the cost of
    // generation, so not the whole buffer).
    scratch[..used].zeroize();
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alphabet_values_round_trip() {
        for (i, &c) in ALPHABET.iter().enumerate() {
            assert_eq!(value(c), Some(i as u8));
            assert!(is_base62(c));
        }
        for b in 0..=255u8 {
            assert_eq!(value(b).is_some(), is_base62(b));
        }
    }

    #[test]
    fn encode_decode_round_trip() {
        for v in [0, 1, 61, 62, 3843, 3844, 916_132_831, 916_132_832, u32::MAX] {
            assert_eq!(decode_u32(&encode_u32(v)), Some(v));
        }
        assert_eq!(&encode_u32(0), b"000000");
        assert_eq!(&encode_u32(62), b"000010");
    }

    #[test]
    fn decode_rejects_junk() {
        assert_eq!(decode_u32(b"00-000"), None);
        assert_eq!(decode_u32(b"zzzzzz"), None);
        assert_eq!(decode_u32(b""), Some(0));
    }

    #[test]
    fn rejection_boundary_is_exact() {
        assert_eq!(sample_byte(0), Some(b'0'));
        assert_eq!(sample_byte(61), Some(b'z'));
        assert_eq!(sample_byte(62), Some(b'0'));
        assert_eq!(sample_byte(247), Some(b'z'));
        assert_eq!(sample_byte(248), None);
        assert_eq!(sample_byte(255), None);
        // Each character has exactly 4 preimages among the accepted bytes.
        let mut counts = [0u32; 62];
        for b in 0..=255u8 {
            if let Some(c) = sample_byte(b) {
                counts[usize::from(value(c).unwrap())] += 1;
            }
        }
        assert!(counts.iter().all(|&n| n == 4));
    }

    struct Constant(u8);
    impl RandomSource for Constant {
        fn fill(&mut self, dest: &mut [u8]) -> Result<(), RandomError> {
            dest.fill(self.0);
            Ok(())
        }
    }

    struct Cycle(u8);
    impl RandomSource for Cycle {
        fn fill(&mut self, dest: &mut [u8]) -> Result<(), RandomError> {
            for d in dest {
                *d = self.0;
                self.0 = self.0.wrapping_add(1);
            }
            Ok(())
        }
    }

    #[test]
    fn fill_random_skips_rejected_bytes() {
        // 248..=255 are all rejected, then 0 maps to '0'.
        let mut rng = Cycle(248);
        let mut out = [0u8; 3];
        fill_random(&mut rng, &mut out).unwrap();
        assert_eq!(&out, b"012");
        let mut out = [0u8; 200];
        fill_random(&mut Constant(65), &mut out).unwrap();
        assert!(out.iter().all(|&c| c == b'3'));
    }
}
