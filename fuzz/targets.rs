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

/// The scanners the scan targets run: the built-in formats, and with a custom prefix.
fn scanners() -> [patmint::scan::Scanner; 2] {
    [
        patmint::scan::Scanner::default(),
        patmint::scan::Scanner::with_formats(&[Format::parse("custom:acme").unwrap()]),
    ]
}

/// Findings are in bounds, ordered, not overlapping, ASCII, coherent (verified iff no reason,
/// verified only when `check` agrees) and masked to the same number of characters.
fn assert_findings(data: &[u8], found: &[patmint::scan::Finding]) {
    let acme = [Format::parse("custom:acme").unwrap()];
    let mut last_end = 0;
    for f in found {
        assert!(f.range.start >= last_end, "unordered or overlapping");
        assert!(f.range.start < f.range.end && f.range.end <= data.len());
        last_end = f.range.end;
        let raw = &data[f.range.clone()];
        assert!(raw.is_ascii());
        assert_eq!(f.verified, f.reason.is_none());
        // A wrapped token's range also covers the line breaks (or spaces) between its pieces.
        let token: String = std::str::from_utf8(raw)
            .unwrap()
            .chars()
            .filter(|&c| !matches!(c, '\r' | '\n' | ' '))
            .collect();
        if token.len() != raw.len() {
            assert!(f.verified, "only proven tokens are joined across lines");
        }
        assert_eq!(f.masked.chars().count(), token.len());
        assert!(f.masked.contains('•'));
        assert!(!f.masked.contains(&token));
        if f.verified {
            assert_eq!(check_with(&token, &acme).unwrap().format.id(), f.format);
        }
    }
}

/// The leak scanner on any bytes: no panic; findings well formed; a split into two windows
/// finds the same; on UTF-8 text, `scan` agrees with `scan_bytes` on character boundaries.
pub fn scan_target(data: &[u8]) {
    for scanner in scanners() {
        let found = scanner.scan_bytes(data);
        assert_findings(data, &found);
        // Two windows, cut where the first byte says.
        let cut = data
            .first()
            .map_or(0, |&b| usize::from(b) * data.len() / 255);
        let mut out = Vec::new();
        let next = scanner.scan_window(data, 0, cut, &mut out);
        assert!(next >= cut);
        scanner.scan_window(data, next, data.len(), &mut out);
        assert_eq!(out, found);
        if let Ok(text) = std::str::from_utf8(data) {
            assert_eq!(scanner.scan(text), found);
            for f in &found {
                assert!(text.is_char_boundary(f.range.start));
                assert!(text.is_char_boundary(f.range.end));
            }
        }
    }
}

/// Redaction on any bytes: every byte outside the findings kept, masked forms in place; on
/// UTF-8 text, `redact_bytes` equals `redact`, nothing verified is left and a second pass
/// changes nothing.
pub fn redact_target(data: &[u8]) {
    for scanner in scanners() {
        let found = scanner.scan_bytes(data);
        let out = scanner.redact_bytes(data);
        let mut expected = Vec::with_capacity(out.len());
        let mut at = 0;
        for f in &found {
            expected.extend_from_slice(&data[at..f.range.start]);
            expected.extend_from_slice(f.masked.as_bytes());
            at = f.range.end;
        }
        expected.extend_from_slice(&data[at..]);
        assert_eq!(out, expected);
        if found.is_empty() {
            assert_eq!(out, data);
        }
        let Ok(text) = std::str::from_utf8(data) else {
            continue;
        };
        let once = scanner.redact(text);
        assert_eq!(once.as_bytes(), &out[..]);
        let again = scanner.scan(&once);
        assert!(
            again.iter().all(|f| !f.verified),
            "a verified token survived"
        );
        // (The same token glued to a word elsewhere stays: by the boundary rule it is part of
        // an identifier there, not a candidate; `out == expected` above pins every finding.)
        assert!(again.is_empty(), "redacted text has new findings");
        assert_eq!(scanner.redact(&once), once);
    }
}
