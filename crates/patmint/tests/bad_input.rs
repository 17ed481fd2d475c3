//! Bad input gets a typed error with a stable code and a message that never echoes it.
#![cfg(not(target_arch = "wasm32"))]

use patmint::record::Expiration;
use patmint::{check, normalize_scopes, ErrorCode, Format, SecretToken, TokenRecord};

const VALID: &str = "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";

#[test]
fn token_table() {
    let fine = format!("github_pat_{}_{}", "A".repeat(22), "b".repeat(59));
    let long = "ghp_".to_owned() + &"a".repeat(1 << 20);
    let cases: Vec<(String, &str)> = vec![
        (String::new(), "empty"),
        (" ".into(), "unknown_prefix"),
        (format!(" {VALID}"), "unknown_prefix"),
        (format!("{VALID} "), "wrong_length"),
        (format!("{VALID}\n"), "wrong_length"),
        (VALID.to_uppercase(), "unknown_prefix"),
        (VALID.replace("ghp_", "ghp-"), "unknown_prefix"),
        ("ghp_".into(), "wrong_length"),
        (VALID[..39].into(), "wrong_length"),
        // One ASCII character replaced by one non-ASCII character: the length still fits.
        (VALID.replacen('M', "é", 1), "invalid_character"),
        (VALID.replacen('7', "\0", 1), "invalid_character"),
        (VALID.replacen('7', "-", 1), "invalid_character"),
        (VALID.replacen('7', "ﾟ", 1), "invalid_character"),
        (VALID.replacen("T4V4", "T4V3", 1), "checksum_mismatch"),
        (fine.replacen('_', "-", 3), "unknown_prefix"),
        (fine.replace("A_b", "AAb"), "invalid_character"),
        (fine[..92].into(), "wrong_length"),
        ("a".repeat(patmint::MAX_INPUT_BYTES + 1), "too_long"),
        (long, "too_long"),
        ("😀".repeat(patmint::MAX_INPUT_BYTES / 4 + 1), "too_long"),
        // The 2026 installation-token form: app id, `_`, then a JWT of three segments.
        (
            "ghs_12_eyJhbGciOiJSUzI1NiJ9.eyJ".to_owned() + &"a".repeat(40),
            "wrong_length",
        ),
        ("😀".repeat(10), "unknown_prefix"),
    ];
    for (input, code) in &cases {
        let err = check(input).expect_err(input);
        assert_eq!(err.code(), *code, "input {:?}", input.get(..50));
        let message = err.to_string();
        assert!(!message.is_empty());
        for window in input.as_bytes().windows(8) {
            if let Ok(w) = std::str::from_utf8(window) {
                assert!(!message.contains(w), "{message} echoes {w}");
            }
        }
    }
}

#[test]
fn invalid_character_reports_the_character_position() {
    let err = check(&VALID.replacen('7', "ﾟ", 1)).unwrap_err();
    assert_eq!(err, patmint::TokenError::InvalidCharacter { position: 5 });
    assert!(err.to_string().contains("position 6 (1-based)"));
}

#[test]
fn format_table() {
    for (id, code) in [
        ("", "unknown_format"),
        ("ghp_", "unknown_format"),
        ("custom:", "invalid_prefix"),
        ("custom:Acme", "invalid_prefix"),
        ("custom:ghp", "invalid_prefix"),
        ("custom:npm", "vendor_prefix"),
        ("custom:hf:40", "vendor_prefix"),
        ("custom:acme:999999999999999999999", "invalid_length"),
        ("custom:acme:200", "invalid_length"),
    ] {
        assert_eq!(Format::parse(id).unwrap_err().code(), code, "{id}");
    }
}

#[test]
fn record_table() {
    let t = SecretToken::generate(&Format::DEFAULT).unwrap();
    let now = 1_795_472_000;
    let record = |name: &str, scopes: &[&str], exp| TokenRecord::new(name, &t, scopes, exp, now);
    let cases = [
        (record("", &[], Expiration::Never), "empty_name"),
        (record(" \t\u{3000}", &[], Expiration::Never), "empty_name"),
        (
            record(&"n".repeat(101), &[], Expiration::Never),
            "name_too_long",
        ),
        (
            record("n", &["repo", "Repo"], Expiration::Never),
            "unknown_scope",
        ),
        (record("n", &[VALID], Expiration::Never), "unknown_scope"),
        (record("n", &[], Expiration::Days(1)), "invalid_expiration"),
        (record("n", &[], Expiration::At(now)), "expiration_in_past"),
        (
            record("n", &[], Expiration::At(now + 368 * 86_400)),
            "expiration_too_far",
        ),
    ];
    for (result, code) in cases {
        let err = result.unwrap_err();
        assert_eq!(err.code(), code);
        assert!(!err.to_string().contains(&VALID[4..12]));
    }
    assert_eq!(
        Expiration::from_inputs(None, Some("2026-02-30"))
            .unwrap_err()
            .code(),
        "invalid_date"
    );
    assert_eq!(
        normalize_scopes(&["root"]).unwrap_err().to_string(),
        "unknown scope: root"
    );
}
