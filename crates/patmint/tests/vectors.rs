//! Known-answer tests. Expected values come from independent sources: Python's `zlib.crc32` and
//! `hashlib.sha256`, published test fixtures of other secret scanners, and (for the seeded
//! generator) a Python replica of the rejection sampler fed the same ChaCha20 bytes.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use patmint::{base62, check, checksum, date, fingerprint, ErrorCode, Format, SecretToken};

#[test]
fn base62_fixed_width() {
    assert_eq!(&base62::encode_u32(0), b"000000");
    assert_eq!(&base62::encode_u32(61), b"00000z");
    assert_eq!(&base62::encode_u32(62), b"000010");
    assert_eq!(&base62::encode_u32(12_411_202), b"00q4ig");
    assert_eq!(&base62::encode_u32(u32::MAX), b"4gfFC3");
}

#[test]
fn crc32_checksums() {
    assert_eq!(checksum::crc32(b"123456789"), 0xCBF4_3926);
    assert_eq!(&checksum::compute(b"123456789"), b"3jZRME");
    // A checksum whose encoding starts with two zeros (CRC32 = 12411202) round-trips.
    assert_eq!(
        &checksum::compute(b"MsC5QKH1PSg89vFDusqLEVGVHB86am"),
        b"00q4ig"
    );
    let token = "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";
    assert_eq!(check(token).unwrap().format.id(), "ghp");
    let acme = [Format::parse("custom:acme:20").unwrap()];
    let info = patmint::check_with("acme_0123456789abcdefghij1p1fEP", &acme).unwrap();
    assert_eq!(info.format.id(), "custom:acme");
    assert_eq!(info.random, 5..25);
}

/// Public test fixtures of other scanners (revoked or never issued), all checksum-valid.
const PUBLISHED: &[(&str, &str)] = &[
    // therootcompany/base62-token.js test.js: checksums with a leading zero.
    ("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", "ghp"),
    ("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", "ghp"),
    // DataDog/dd-sensitive-data-scanner github_token_checksum.rs
    ("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", "ghp"),
    // Yelp/detect-secrets tests/plugins/github_token_test.py
    ("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", "ghp"),
    // google/osv-scalibr veles/secrets/github tests
    ("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", "gho"),
    ("ghs_oJrI3NxJonXega4cd3v1XHDjjMk3jh2ENWzb", "ghs"),
    ("ghu_aGgfQsQ52sImE9zwWxKcjt2nhESfYG1U2FhX", "ghu"),
];

#[test]
fn published_tokens_validate() {
    for (token, format) in PUBLISHED {
        let info = check(token).unwrap_or_else(|e| panic!("{token}: {e}"));
        assert_eq!(info.format.id(), *format);
        assert_eq!(info.prefix, 0..4);
        assert_eq!(info.random, 4..34);
        assert_eq!(info.checksum, Some(34..40));
    }
    // The fixtures' own negative cases.
    for bad in [
        "ghp_M7H4jxUDDWHP4kZ6A4dxlQYsQIWJuq11T4V3",
        "ghs_oJrI3NxJonXega4cd2v1XHDjjMk3jh2ENWzb",
    ] {
        assert_eq!(check(bad).unwrap_err().code(), "checksum_mismatch");
    }
    // Including the prefix in the CRC (a common mistake) would not validate them.
    let t = PUBLISHED[3].0;
    assert_ne!(&checksum::compute(&t.as_bytes()[..34]), &t.as_bytes()[34..]);
}

#[test]
fn sha256_fingerprints() {
    assert_eq!(
        fingerprint(""),
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
    assert_eq!(
        fingerprint("abc"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    let fp = "d5d642cf13f0cb5ba6a49d133a7d58042a5ca1bf3f0d5dbfaaaedcc2d7e00099";
    assert_eq!(fingerprint(PUBLISHED[2].0), fp);
    assert!(patmint::verify_fingerprint(PUBLISHED[2].0, fp));
    assert!(!patmint::verify_fingerprint(PUBLISHED[3].0, fp));
}

#[test]
fn seeded_generation_is_reproducible() {
    // ChaCha20 seeded with 32 × 0x07; the Python replica of the sampler gives the same token.
    let t = SecretToken::generate_with(&Format::DEFAULT, &mut common::Seeded::new(7)).unwrap();
    assert_eq!(
        t.expose_secret(),
        "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"
    );
    assert!(check(t.expose_secret()).is_ok());
}

#[test]
fn dates() {
    assert_eq!(date::to_rfc3339(0), "1970-01-01T00:00:00Z");
    assert_eq!(date::to_rfc3339(951_782_400), "2000-02-29T00:00:00Z");
    assert_eq!(date::to_rfc3339(4_102_444_799), "2099-12-31T23:59:59Z");
    assert_eq!(date::parse("2099-12-31"), Some(4_102_444_799));
}
