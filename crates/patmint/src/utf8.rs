//! Counting characters in UTF-8 without decoding it: a byte starts a character unless it is a
//! continuation byte (`0b10xx_xxxx`). The one statement of that rule for the crate (masking,
//! record limits, token lengths, the scanner's columns and the wasm boundary's UTF-16 offsets).
//!
//! Byte loops rather than `str::chars().count()`: the standard library's vectorised count
//! costs about 1 KiB of wasm, for strings this short.

/// Whether a UTF-8 byte starts a character (is not a continuation byte).
#[inline]
pub(crate) const fn is_char_start(b: u8) -> bool {
    (b as i8) >= -0x40
}

/// The number of characters (Unicode scalar values) in `s`.
pub(crate) fn char_count(s: &str) -> usize {
    s.bytes().filter(|&b| is_char_start(b)).count()
}

/// The UTF-16 code units of the character that UTF-8 byte `b` starts: 2 for a 4-byte (astral)
/// character, 1 for any other, 0 for a continuation byte. Summed over valid UTF-8, the
/// string's length in UTF-16 units, as JavaScript counts it.
#[inline]
pub const fn utf16_units(b: u8) -> usize {
    is_char_start(b) as usize + (b >= 0xF0) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLES: [&str; 6] = [
        "",
        "ascii",
        "é",
        "日本語",
        "a😀b",
        "\u{7f}\u{80}\u{7ff}\u{800}\u{ffff}\u{10000}",
    ];

    #[test]
    fn char_count_matches_std() {
        for s in SAMPLES {
            assert_eq!(char_count(s), s.chars().count(), "{s:?}");
        }
    }

    #[test]
    fn char_starts_are_the_char_boundaries() {
        for s in SAMPLES {
            for (i, &b) in s.as_bytes().iter().enumerate() {
                assert_eq!(is_char_start(b), s.is_char_boundary(i), "{s:?} at {i}");
            }
        }
    }

    #[test]
    fn utf16_units_sum_to_the_utf16_length() {
        for s in SAMPLES {
            let units: usize = s.bytes().map(utf16_units).sum();
            assert_eq!(units, s.encode_utf16().count(), "{s:?}");
        }
    }
}
