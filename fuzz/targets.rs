// The fuzz targets' bodies, shared by the libFuzzer binaries (fuzz/fuzz_targets/*.rs, nightly)
// and by the corpus replay in the normal test run (tests/fuzz_corpus.rs, stable): each takes
// arbitrary bytes and asserts the invariants that must hold for every input.

use patmint::{check, check_with, date, mask, scopes, Format, TokenRecord};

/// `check` (and `mask`, `fingerprint`) on any input: no panic, consistent verdicts.
pub fn check_target(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let acme = [Format::parse("custom:acme").unwrap()];
    match check_with(text, &acme) {
        Ok(info) => {
            // A valid token is ASCII, has the format's prefix, and its parts tile it.
            assert!(text.is_ascii());
            assert!(text.starts_with(info.format.prefix()));
            assert_eq!(info.prefix.end, info.random.start);
            let end = info.checksum.as_ref().map_or(info.random.end, |c| c.end);
            assert_eq!(end, text.len());
            if let Some(c) = &info.checksum {
                assert_eq!(
                    &patmint::checksum::compute(&data[info.random.clone()]),
                    &data[c.clone()]
                );
            }
        }
        Err(e) => {
            let message = e.to_string();
            assert!(!message.is_empty());
            // Never the input in the message: no token-like 12-character window of it
            // (alphanumeric with digits, upper and lower case; ordinary words of the message
            // such as "registered" are not what could leak).
            for w in data.windows(12) {
                let token_like = w.iter().all(u8::is_ascii_alphanumeric)
                    && w.iter().any(u8::is_ascii_digit)
                    && w.iter().any(u8::is_ascii_uppercase)
                    && w.iter().any(u8::is_ascii_lowercase);
                if token_like {
                    let w = std::str::from_utf8(w).unwrap();
                    assert!(!message.contains(w), "message echoes the input");
                }
            }
        }
    }
    if check(text).is_ok() {
        assert!(check_with(text, &acme).is_ok());
    }
    let masked = mask(text);
    assert_eq!(masked.chars().count(), text.chars().count());
    assert_eq!(patmint::fingerprint(text).len(), 64);
}

/// Scope normalisation: idempotent, grant-preserving, never a panic.
pub fn normalize_scopes_target(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let list: Vec<&str> = text.split(',').collect();
    if let Ok(normal) = scopes::normalize(&list) {
        assert_eq!(scopes::normalize(&normal).unwrap(), normal);
        assert_eq!(
            scopes::expand(&normal).unwrap(),
            scopes::expand(&list).unwrap()
        );
    }
}

/// Importing records (JSON from an export file): never a panic; a record round-trips.
pub fn record_json_target(data: &[u8]) {
    if let Ok(record) = serde_json::from_slice::<TokenRecord>(data) {
        let json = serde_json::to_vec(&record).unwrap();
        assert_eq!(
            serde_json::from_slice::<TokenRecord>(&json).unwrap(),
            record
        );
    }
    let _ = serde_json::from_slice::<Vec<TokenRecord>>(data);
}

/// Date parsing: never a panic; what parses is in range and prints back to the same moment.
pub fn dates_target(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Some(t) = date::parse(text) {
        let printed = date::to_rfc3339(t);
        if (0..=date::MAX_SECS).contains(&t) {
            assert_eq!(date::parse(&printed), Some(t));
        }
    }
}

/// Format ids: never a panic; a parsed format's id parses back to the same format family.
pub fn format_ids_target(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(format) = Format::parse(text) {
        let again = Format::parse(&format.id()).unwrap();
        assert_eq!(again.prefix(), format.prefix());
        assert!(format.len() <= patmint::token::MAX_INPUT_BYTES);
    }
}
