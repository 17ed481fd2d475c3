//! SHA-256 fingerprints: what a server stores instead of the token (GitHub calls it
//! `hashed_token`), and a constant-time comparison against one.

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// Length of a fingerprint in hex characters.
pub(crate) const HEX_LEN: usize = 64;

const HEX: &[u8; 16] = b"0123456789abcdef";

/// The raw SHA-256 of the exact token bytes.
pub(crate) fn digest(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

/// SHA-256 of the exact token bytes, as 64 lowercase hex characters.
///
/// ```
/// assert_eq!(
///     patmint::fingerprint("abc"),
///     "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
/// );
/// ```
pub fn fingerprint(token: &str) -> String {
    let d = digest(token);
    let mut out = String::with_capacity(HEX_LEN);
    for b in d {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 15)]));
    }
    out
}

/// Whether `token` hashes to `fingerprint` (64 hex characters, either case). The comparison
/// of the digests is constant-time; a malformed fingerprint is simply `false`.
///
/// ```
/// let fp = patmint::fingerprint("abc");
/// assert!(patmint::verify_fingerprint("abc", &fp));
/// assert!(!patmint::verify_fingerprint("abd", &fp));
/// ```
pub fn verify(token: &str, fingerprint: &str) -> bool {
    let Some(expected) = decode_hex(fingerprint) else {
        return false;
    };
    digest(token).ct_eq(&expected).into()
}

fn decode_hex(s: &str) -> Option<[u8; 32]> {
    let b = s.as_bytes();
    if b.len() != HEX_LEN {
        return None;
    }
    let mut out = [0u8; 32];
    for (o, pair) in out.iter_mut().zip(b.chunks_exact(2)) {
        let hi = char::from(pair[0]).to_digit(16)?;
        let lo = char::from(pair[1]).to_digit(16)?;
        *o = (hi * 16 + lo) as u8;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_answers() {
        assert_eq!(
            fingerprint(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn verify_rejects_malformed() {
        let fp = fingerprint("x");
        assert!(verify("x", &fp.to_uppercase()));
        assert!(!verify("x", &fp[1..]));
        assert!(!verify("x", ""));
        assert!(!verify("x", &format!("{}g", &fp[1..])));
        assert!(!verify("x", &"é".repeat(32)));
    }
}
