//! The GitHub-style checksum: CRC32 (IEEE/zlib polynomial, CRC-32/ISO-HDLC) of the random part
//! only, written as 6 base62 characters, left-padded with `0`.
//!
//! Computed with the `crc` crate and a single 256-entry table (1 KiB): inputs are at most 128
//! bytes, so the larger slice-by-16 tables of `crc32fast` (16 KiB of wasm) would buy nothing.

use crc::{Crc, Table, CRC_32_ISO_HDLC};

use crate::base62;

const CRC32: Crc<u32, Table<1>> = Crc::<u32, Table<1>>::new(&CRC_32_ISO_HDLC);

/// CRC32 (zlib's `crc32`) of `data`.
pub fn crc32(data: &[u8]) -> u32 {
    CRC32.checksum(data)
}

/// A running CRC32, for data that arrives in pieces (the scanner tries every length of a
/// candidate in one pass).
pub fn digest() -> crc::Digest<'static, u32, Table<1>> {
    static RUNNING: Crc<u32, Table<1>> = CRC32;
    RUNNING.digest()
}

/// Length of the checksum in characters.
pub const LEN: usize = base62::U32_WIDTH;

/// The checksum of a token's random part (the prefix is not included).
///
/// ```
/// // CRC32("123456789") = 0xCBF43926 = 3421780262, which is "3jZRME" in base62.
/// assert_eq!(&patmint::checksum::compute(b"123456789"), b"3jZRME");
/// ```
pub fn compute(random: &[u8]) -> [u8; LEN] {
    base62::encode_u32(crc32(random))
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
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
        assert!(matches(b"123456789", b"3jZRME"));
        assert!(!matches(b"123456789", b"3jZRMF"));
        assert!(!matches(b"123456789", b"3jZRM"));
    }

    #[test]
    fn agrees_with_crc32fast() {
        let mut data = Vec::new();
        for i in 0..300u32 {
            assert_eq!(crc32(&data), crc32fast::hash(&data), "length {i}");
            data.push((i.wrapping_mul(2_654_435_761) >> 13) as u8);
        }
    }
}
