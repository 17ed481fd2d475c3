//! Properties over generated tokens and arbitrary input.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use patmint::{
    base62, check, check_with, date, mask, normalize_scopes, scopes, ErrorCode, Format,
    SecretToken, TokenError,
};
use proptest::prelude::*;

fn formats() -> Vec<Format> {
    let mut all = Format::builtin();
    all.push(Format::parse("custom:acme").unwrap());
    all.push(Format::parse("custom:a1:16").unwrap());
    all.push(Format::parse("custom:abcdefghijklmnop:128").unwrap());
    all
}

#[test]
fn every_generated_token_is_valid() {
    let all = formats();
    let mut rng = common::Seeded::new(1);
    for f in &all {
        for _ in 0..2_000 {
            let t = SecretToken::generate_with(f, &mut rng).unwrap();
            let info = check_with(t.expose_secret(), &all).unwrap();
            assert_eq!(&info.format, f);
            assert_eq!(t.expose_secret().len(), f.len());
        }
    }
}

/// CRC32 detects every single-byte error, so every one-character change of the random part or
/// checksum must be rejected: exhaustively, every position × every other base62 character.
#[test]
fn every_single_character_change_is_rejected() {
    let all = formats();
    let mut rng = common::Seeded::new(2);
    for f in all.iter().filter(|f| f.has_checksum()) {
        for _ in 0..5 {
            let t = SecretToken::generate_with(f, &mut rng).unwrap();
            let original = t.expose_secret().as_bytes().to_vec();
            for pos in 0..original.len() {
                for &c in base62::ALPHABET.iter().chain(b"_-") {
                    if c == original[pos] {
                        continue;
                    }
                    let mut changed = original.clone();
                    changed[pos] = c;
                    let changed = String::from_utf8(changed).unwrap();
                    match check_with(&changed, &all) {
                        Err(_) => {}
                        // GitHub's CRC covers the random part only, so `ghp_` → `gho_` is
                        // another valid token: accepted only as a *different* format, and
                        // only for a change inside the prefix.
                        Ok(info) => assert!(
                            pos < f.prefix().len() && &info.format != f,
                            "{f}: a change at position {pos} went unnoticed"
                        ),
                    }
                }
            }
        }
    }
}

/// The fine-grained shape has no public checksum: only shape violations can be caught.
#[test]
fn fine_grained_shape_violations_are_rejected() {
    let t = SecretToken::generate_with(&Format::FineGrained, &mut common::Seeded::new(3)).unwrap();
    let original = t.expose_secret().as_bytes().to_vec();
    for pos in 11..original.len() {
        for c in [b'_', b'-', b'.', b' '] {
            if c == original[pos] {
                continue;
            }
            let mut changed = original.clone();
            changed[pos] = c;
            let err = check(std::str::from_utf8(&changed).unwrap()).unwrap_err();
            assert_eq!(err, TokenError::InvalidCharacter { position: pos });
        }
    }
}

#[test]
fn classic_mutations_get_the_right_code() {
    let t = SecretToken::generate_with(&Format::DEFAULT, &mut common::Seeded::new(4)).unwrap();
    let s = t.expose_secret();
    let code = |x: &str| check(x).unwrap_err().code();
    assert_eq!(code(&s[..39]), "wrong_length");
    assert_eq!(code(&format!("{s}A")), "wrong_length");
    assert_eq!(
        code(&format!("gh{}", &s[2..]).replacen("ghp", "ghx", 1)),
        "unknown_prefix"
    );
    assert_eq!(code(&s.replacen('_', "-", 1)), "unknown_prefix");
    let mut last = s.to_owned();
    last.pop();
    last.push('!');
    assert_eq!(code(&last), "invalid_character");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn check_never_panics(s in any::<String>()) {
        let _ = check(&s);
        let _ = mask(&s);
        let _ = patmint::fingerprint(&s);
    }

    #[test]
    fn errors_never_echo_the_input(
        prefix in prop::sample::select(vec!["ghp_", "gho_", "github_pat_", "acme_", "", "GHP_", "xoxb-"]),
        body in "[0-9A-Za-z]{8,60}",
        junk in prop::option::of("[^0-9A-Za-z]"),
    ) {
        let input = format!("{prefix}{body}{}", junk.unwrap_or_default());
        if let Err(e) = check(&input) {
            let message = e.to_string();
            let chars: Vec<char> = body.chars().collect();
            for window in chars.windows(8) {
                let w: String = window.iter().collect();
                prop_assert!(!message.contains(&w), "message {message:?} echoes {w:?}");
            }
        }
    }

    #[test]
    fn masks_hide_the_middle(s in "\\PC{0,120}") {
        let m = mask(&s);
        prop_assert_eq!(m.chars().count(), s.chars().count());
        let shown = m.chars().filter(|&c| c != '•').count();
        let bullets_in_input = s.chars().filter(|&c| c == '•').count();
        prop_assert!(shown <= 17 + 4 + bullets_in_input);
        if s.chars().count() >= 30 {
            let hidden: String = s.chars().skip(17).take(8).collect();
            prop_assert!(!m.contains(&hidden) || hidden.chars().all(|c| c == '•'));
        }
    }

    #[test]
    fn base62_round_trips(v in any::<u32>()) {
        prop_assert_eq!(base62::decode_u32(&base62::encode_u32(v)), Some(v));
    }

    #[test]
    fn dates_round_trip(secs in 0i64..253_402_300_799) {
        prop_assert_eq!(date::parse(&date::to_rfc3339(secs)), Some(secs));
    }

    #[test]
    fn scope_normalisation_is_idempotent_and_preserves_grants(
        picked in prop::collection::vec(prop::sample::select(
            scopes::CATALOGUE.iter().map(|s| s.id).collect::<Vec<_>>()), 0..12)
    ) {
        let normal = normalize_scopes(&picked).unwrap();
        prop_assert_eq!(normalize_scopes(&normal).unwrap(), normal.clone());
        prop_assert_eq!(scopes::expand(&normal).unwrap(), scopes::expand(&picked).unwrap());
        for s in scopes::CATALOGUE {
            let granted = scopes::expand(&picked).unwrap().contains(&s.id);
            prop_assert_eq!(scopes::allows(&normal, s.id), granted);
        }
        // No scope in the normal form is implied by another one in it.
        for id in &normal {
            prop_assert!(!scopes::ancestors(id).any(|a| normal.contains(&a)));
        }
    }
}
