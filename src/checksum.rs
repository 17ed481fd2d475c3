//! The GitHub-style checksum: CRC32 (IEEE/zlib polynomial, via `crc32fast`) of the random part
//! only, written as 6 base62 characters, left-padded with `0`.

use crate::base62;

/// Length of the checksum in characters.
pub const LEN: usize = base62::U32_WIDTH;

/// The checksum of a token's random part (the prefix is not included).
///
/// ```
/// // CRC32("123456789") = 0xCBF43926 = 3421780262, which is "3jZRME" in base62.
/// assert_eq!(&patmint::checksum::compute(b"123456789"), b"3jZRME");
/// ```
pub fn compute(random: &[u8]) -> [u8; LEN] {
    base62::encode_u32(crc32fast::hash(random))
}

/// Whether `checksum` is the checksum of `random`.
pub fn matches(random: &[u8], checksum: &[u8]) -> bool {
    compute(random).as_slice() == checksum
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_check_value() {
        // The standard CRC-32/ISO-HDLC check value.
        assert_eq!(crc32fast::hash(b"123456789"), 0xCBF4_3926);
        assert!(matches(b"123456789", b"3jZRME"));
        assert!(!matches(b"123456789", b"3jZRMF"));
        assert!(!matches(b"123456789", b"3jZRM"));
    }
}
