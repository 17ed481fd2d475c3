//! Checking a string against the token formats: which format, where its parts are, and if not a
//! token, why not ([`TokenError`]), without ever echoing the input.

use core::ops::Range;

use crate::checksum;
use crate::error::TokenError;
use crate::format::{self, Classic, Format};

/// Inputs longer than this (in bytes) are rejected by [`check`] before any other work: no
/// format is that long (the longest is the 2026 installation token), and it bounds the cost of
/// checking untrusted input.
pub const MAX_INPUT_BYTES: usize = format::GHS_JWT_MAX_LEN;

/// What [`check`] learned about a valid token. Ranges are byte offsets into the checked string
/// (which is ASCII when valid); no part of the secret is copied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenInfo {
    /// The format.
    pub format: Format,
    /// The prefix, e.g. `0..4` for `ghp_`.
    pub prefix: Range<usize>,
    /// The random part (for fine-grained tokens: both parts and the `_` between them).
    pub random: Range<usize>,
    /// The checksum, when the format has one.
    pub checksum: Option<Range<usize>>,
}

/// Checks a token against the built-in formats.
///
/// ```
/// // A public test fixture (DataDog's sensitive data scanner), not a live token.
/// let info = patmint::check("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").unwrap();
/// assert_eq!(info.format.id(), "ghp");
/// let err = patmint::check("ghp_M7H4jxUDDWHP4kZ6A4dxlQYsQIWJuq11T4V3").unwrap_err();
/// assert_eq!(patmint::ErrorCode::code(&err), "checksum_mismatch");
/// ```
pub fn check(token: &str) -> Result<TokenInfo, TokenError> {
    check_with(token, &[])
}

/// Checks a token against the built-in formats and the given custom formats (their random
/// length is not enforced: any length in 16..=128 is accepted).
pub fn check_with(token: &str, custom: &[Format]) -> Result<TokenInfo, TokenError> {
    if token.is_empty() {
        return Err(TokenError::Empty);
    }
    if token.len() > MAX_INPUT_BYTES {
        return Err(TokenError::TooLong {
            max: MAX_INPUT_BYTES,
        });
    }
    let bytes = token.as_bytes();
    let format = identify(bytes, custom).ok_or(TokenError::UnknownPrefix)?;
    let prefix_len = format.prefix().len();
    if matches!(format, Format::Classic(Classic::Ghs)) && ghs_2026(bytes) {
        return Ok(TokenInfo {
            format,
            prefix: 0..prefix_len,
            random: prefix_len..bytes.len(),
            checksum: None,
        });
    }
    let found = crate::utf8::char_count(token);
    let (min, max) = match &format {
        Format::Custom(_) => (
            prefix_len + format::CUSTOM_RANDOM_MIN + checksum::LEN,
            prefix_len + format::CUSTOM_RANDOM_MAX + checksum::LEN,
        ),
        other => (other.len(), other.len()),
    };
    if !(min..=max).contains(&found) {
        return Err(TokenError::WrongLength {
            expected: min,
            expected_max: (max != min).then_some(max),
            found,
        });
    }
    let separator = match format {
        Format::FineGrained => Some(prefix_len + format::FINE_GRAINED_FIRST),
        _ => None,
    };
    // Scanning stops at the first byte that is not allowed; every byte before it is ASCII, so
    // its byte index is also its character index (and a non-ASCII character is caught at its
    // first byte).
    for (position, &b) in bytes.iter().enumerate().skip(prefix_len) {
        let allowed = if Some(position) == separator {
            b == b'_'
        } else {
            b.is_ascii_alphanumeric()
        };
        if !allowed {
            return Err(TokenError::InvalidCharacter { position });
        }
    }
    // Every character is ASCII from here on, so characters and bytes coincide.
    let len = bytes.len();
    let checksum = if format.has_checksum() {
        let random = &bytes[prefix_len..len - checksum::LEN];
        if !checksum::matches(random, &bytes[len - checksum::LEN..]) {
            return Err(TokenError::ChecksumMismatch);
        }
        Some(len - checksum::LEN..len)
    } else {
        None
    };
    let random_end = checksum.as_ref().map_or(len, |c| c.start);
    Ok(TokenInfo {
        format,
        prefix: 0..prefix_len,
        random: prefix_len..random_end,
        checksum,
    })
}

/// Whether `bytes` (a `ghs_` token) has the 2026 form: shape only, GitHub signs the JWT and no
/// one else can check it.
fn ghs_2026(bytes: &[u8]) -> bool {
    let body = bytes.get(4..).unwrap_or_default();
    bytes.len() > format::CLASSIC_LEN && format::ghs_jwt_body_len(body) == Some(body.len())
}

fn identify(bytes: &[u8], custom: &[Format]) -> Option<Format> {
    if bytes.starts_with(format::FINE_GRAINED_PREFIX.as_bytes()) {
        return Some(Format::FineGrained);
    }
    if let Some(c) = Classic::from_token_prefix(bytes) {
        return Some(Format::Classic(c));
    }
    custom
        .iter()
        .find(|f| matches!(f, Format::Custom(_)) && bytes.starts_with(f.prefix().as_bytes()))
        .cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_order_and_positions() {
        assert_eq!(check(""), Err(TokenError::Empty));
        assert_eq!(
            check(&"a".repeat(MAX_INPUT_BYTES + 1)),
            Err(TokenError::TooLong {
                max: MAX_INPUT_BYTES
            })
        );
        assert_eq!(check("xyz_abc"), Err(TokenError::UnknownPrefix));
        assert_eq!(
            check("ghp_abc"),
            Err(TokenError::WrongLength {
                expected: 40,
                expected_max: None,
                found: 7
            })
        );
        // 40 characters, one of them non-ASCII, at character index 10.
        let t = format!("ghp_{}é{}", "a".repeat(6), "b".repeat(29));
        assert_eq!(t.chars().count(), 40);
        assert_eq!(
            check(&t),
            Err(TokenError::InvalidCharacter { position: 10 })
        );
        let fg = format!("github_pat_{}-{}", "a".repeat(22), "b".repeat(59));
        assert_eq!(
            check(&fg),
            Err(TokenError::InvalidCharacter { position: 33 })
        );
        let fg = format!("github_pat_{}_{}", "a".repeat(22), "b".repeat(59));
        assert!(check(&fg).is_ok());
        assert_eq!(
            check("acme_1234567890123456AAAAAA"),
            Err(TokenError::UnknownPrefix)
        );
    }

    #[test]
    fn custom_length_range_is_reported() {
        let acme = [Format::parse("custom:acme").unwrap()];
        assert_eq!(
            check_with("acme_abc", &acme),
            Err(TokenError::WrongLength {
                expected: 27,
                expected_max: Some(139),
                found: 8
            })
        );
    }

    #[test]
    fn the_2026_installation_token_form_is_recognised_by_shape() {
        // About 520 characters: `ghs_`, the app id, `_`, a JWT (header.payload.signature).
        let token = format!(
            "ghs_1234567_eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.{}.{}",
            "eyJpc3MiOiJnaXRodWIiLCJpbnN0YWxsYXRpb24iOjF9".repeat(5),
            "Sig-_0".repeat(40)
        );
        assert!((400..=600).contains(&token.len()));
        let info = check(&token).unwrap();
        assert_eq!(info.format, Format::Classic(Classic::Ghs));
        assert_eq!(info.checksum, None);
        assert_eq!(info.random, 4..token.len());
        // Not a JWT, a bad app id, or a fourth segment: the 40-character rule applies.
        for bad in [
            token.replace("eyJhbGci", "xyJhbGci"),
            token.replacen("1234567", "12a4567", 1),
            format!("{token}.x"),
            format!("{token}!"),
        ] {
            assert!(check(&bad).is_err(), "{bad}");
        }
        let over = format!("{token}{}", "a".repeat(MAX_INPUT_BYTES));
        assert_eq!(
            check(&over),
            Err(TokenError::TooLong {
                max: MAX_INPUT_BYTES
            })
        );
    }

    #[test]
    fn the_longest_input_is_checked_one_byte_more_is_not() {
        // At the bound, the input is looked at (and has no known prefix); past it, refused unread.
        assert_eq!(
            check(&"a".repeat(MAX_INPUT_BYTES)),
            Err(TokenError::UnknownPrefix)
        );
        assert_eq!(
            check(&"a".repeat(MAX_INPUT_BYTES + 1)),
            Err(TokenError::TooLong {
                max: MAX_INPUT_BYTES
            })
        );
    }

    #[test]
    fn a_ghs_token_of_the_classic_length_is_held_to_the_classic_form() {
        // A 36-character body of the 2026 shape (the shortest GitHub's pattern allows) makes a
        // 40-character token: that length is the classic form's, checksum and all, so the dots
        // and the `_` are refused rather than the token taken as a JWT nobody here can check.
        let token = "ghs_1_eyJhbGciOiJSUzI1NiIsInR5.eyJp.Sig0";
        assert_eq!(token.len(), format::CLASSIC_LEN);
        assert_eq!(format::ghs_jwt_body_len(&token.as_bytes()[4..]), Some(36));
        assert_eq!(
            check(token),
            Err(TokenError::InvalidCharacter { position: 5 })
        );
    }

    #[test]
    fn a_custom_format_matches_its_own_prefix_only() {
        let acme = [Format::parse("custom:acme").unwrap()];
        let random = b"0123456789abcdefghijKLMN";
        let sum = checksum::compute(random);
        let token = format!(
            "acme_{}",
            std::str::from_utf8(&[&random[..], &sum].concat()).unwrap()
        );
        let token = token.as_str();
        assert_eq!(check_with(token, &acme).unwrap().format, acme[0]);
        assert_eq!(check(token), Err(TokenError::UnknownPrefix));
        let other = format!("acmf{}", &token[4..]);
        assert_eq!(check_with(&other, &acme), Err(TokenError::UnknownPrefix));
    }
}
