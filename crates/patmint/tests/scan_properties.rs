//! Properties of the leak scanner (`patmint::scan`) over texts built from random fragments:
//! valid tokens (checksums computed at test time), one-character look-alikes, shape-only
//! fakes, separators, word characters, escapes, non-ASCII text and CRLF.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use patmint::checksum;
use patmint::scan::{self, Finding, Scanner};
use patmint::Format;
use proptest::prelude::*;

fn acme() -> Scanner {
    Scanner::with_formats(&["custom:acme".parse::<Format>().unwrap()])
}

fn with_checksum(prefix: &str, random: &str) -> String {
    let c = checksum::compute(random.as_bytes());
    format!("{prefix}{random}{}", std::str::from_utf8(&c).unwrap())
}

/// A valid classic or `acme_` token (its checksum computed here).
fn valid_token() -> impl Strategy<Value = String> {
    prop_oneof![
        (
            prop::sample::select(vec!["ghp_", "gho_", "ghu_", "ghs_", "ghr_"]),
            "[A-Za-z0-9]{30}"
        )
            .prop_map(|(p, r)| with_checksum(p, &r)),
        "[A-Za-z0-9]{16,40}".prop_map(|r| with_checksum("acme_", &r)),
    ]
}

/// A valid token with one character after the prefix changed to another alphanumeric one.
fn look_alike() -> impl Strategy<Value = String> {
    (valid_token(), any::<prop::sample::Index>(), 0..61usize).prop_map(|(t, i, c)| {
        let prefix = t.find('_').unwrap() + 1;
        let mut b = t.into_bytes();
        let pos = prefix + i.index(b.len() - prefix);
        let alphabet: Vec<u8> = patmint::base62::ALPHABET
            .iter()
            .copied()
            .filter(|&x| x != b[pos])
            .collect();
        b[pos] = alphabet[c % alphabet.len()];
        String::from_utf8(b).unwrap()
    })
}

/// The shape-only formats (random fakes).
fn shape_fake() -> impl Strategy<Value = String> {
    prop_oneof![
        "AKIA[0-9A-Z]{16}",
        "glpat-[0-9A-Za-z_-]{20}",
        "npm_[0-9A-Za-z]{36}",
        "pypi-AgEIcHlwaS5vcmc[0-9A-Za-z_-]{49,70}",
        "xox[abprs]-[0-9][0-9A-Za-z-]{19,40}",
        "(sk|rk)_(test|live)_[0-9A-Za-z]{20,40}",
        "hf_[A-Za-z]{34}",
        "github_pat_[0-9A-Za-z]{22}_[0-9A-Za-z]{59}",
    ]
}

/// Everything else: separators, word characters, escapes, non-ASCII (4-byte too), line
/// endings and bare prefixes.
fn filler() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            " ", "\n", "\r\n", "\t", "=", ":", "\"", "'", "/", "@", "-", "_", ",", ";", "«", "»",
        ])
        .prop_map(String::from),
        "[A-Za-z0-9]{1,3}",
        "[A-Z0-9]{1,8}",
        prop::sample::select(vec![
            "\\n", "\\t", "\\r", "\\u003d", "\\u00", "%3D", "%2", "%", "\\", "\\\\",
        ])
        .prop_map(String::from),
        prop::sample::select(vec!["é", "ト", "→", "🔑", "𝕏", "\u{10FFFF}", "\u{FEFF}"])
            .prop_map(String::from),
        any::<char>().prop_map(String::from),
        prop::sample::select(vec![
            "ghp_",
            "gho_",
            "AKIA",
            "glpat-",
            "xoxb-",
            "sk_live_",
            "acme_",
            "hf_",
            "npm_",
            "pypi-",
            "github_pat_",
            "pypi-AgEIcHlwaS5vcmc",
        ])
        .prop_map(String::from),
    ]
}

fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => valid_token(),
        2 => look_alike(),
        2 => shape_fake(),
        10 => filler(),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..16).prop_map(|v| v.concat())
}

/// Findings are in order, not overlapping, in bounds, on character boundaries, and each one
/// holds a coherent masked form.
fn check_findings(x: &str, found: &[Finding]) -> Result<(), TestCaseError> {
    let mut last_end = 0;
    for f in found {
        prop_assert!(f.range.start < f.range.end && f.range.end <= x.len());
        prop_assert!(f.range.start >= last_end, "overlap or order: {found:?}");
        prop_assert!(x.is_char_boundary(f.range.start) && x.is_char_boundary(f.range.end));
        last_end = f.range.end;
        let token = &x[f.range.clone()];
        prop_assert!(token.is_ascii());
        prop_assert_eq!(f.verified, f.reason.is_none());
        prop_assert_eq!(f.masked.chars().count(), token.chars().count());
        let chars: Vec<char> = token.chars().collect();
        for w in chars.windows(12) {
            let w: String = w.iter().collect();
            prop_assert!(!f.masked.contains(&w), "masked form shows {w:?}");
        }
        prop_assert!(f.masked.contains('•'));
        if f.verified {
            let acme = ["custom:acme".parse::<Format>().unwrap()];
            let info = patmint::check_with(token, &acme);
            prop_assert!(info.is_ok(), "verified but check fails");
            prop_assert_eq!(info.unwrap().format.id(), f.format.clone());
        }
    }
    Ok(())
}

/// No failure file: a shrunk failing case may hold a valid token, and no valid token may be
/// written into the repository.
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Was a bug: the kept last 4 characters (`xoxb`, `pypi`) started a new candidate with the
/// `-` after them once the bullets cut them loose. Before a `-` they are hidden now.
#[test]
fn redact_is_idempotent_even_after_a_glued_dashed_prefix() {
    // Shape-only fakes, not tokens. `npm_` + 36 alphanumerics ending in `xoxb`, then `-…`:
    // npm is found (a `-` does not join it); `xoxb-…` is not (glued to `a`). After redaction
    // the bullets before the kept `xoxb` are a boundary, so `xoxb-…` becomes a slack candidate.
    for x in [
        format!("npm_{}xoxb-1234567890123456789012", "a".repeat(32)),
        format!(
            "sk_live_{}pypi-AgEIcHlwaS5vcmc{}",
            "a".repeat(20),
            "b".repeat(49)
        ),
        format!("hf_{}xoxb-1234567890123456789012", "a".repeat(30)),
    ] {
        let once = scan::redact(&x);
        assert_eq!(scan::scan(&once), [], "{once}");
        assert_eq!(scan::redact(&once), once);
    }
}

/// Was a bug: with `from > until` the resume point went back to `until`.
#[test]
fn scan_window_past_its_until_keeps_the_resume_point() {
    // A shape-only fake. A caller chaining windows at fixed cut points: the first window's
    // finding ends past the second window's `until`.
    let x = format!("AKIA{} tail", "A".repeat(16));
    let scanner = Scanner::default();
    let mut out = Vec::new();
    let n1 = scanner.scan_window(x.as_bytes(), 0, 1, &mut out);
    assert_eq!(n1, 20);
    let n2 = scanner.scan_window(x.as_bytes(), n1, 2, &mut out);
    assert!(n2 >= n1, "resume went back from {n1} to {n2}");
    scanner.scan_window(x.as_bytes(), n2, x.len(), &mut out);
    assert_eq!(out, scanner.scan(&x));
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn redact_is_idempotent_and_leaves_no_verified_token(x in text()) {
        for scanner in [Scanner::default(), acme()] {
            let once = scanner.redact(&x);
            let after = scanner.scan(&once);
            prop_assert!(after.iter().all(|f| !f.verified), "{:?}", after);
            prop_assert_eq!(&after, &vec![]);
            prop_assert_eq!(scanner.redact(&once), once.clone());
            // Every verified token of the input is gone (but where the same characters are
            // glued into a word elsewhere: not a candidate there, by the boundary rule).
            let found = scanner.scan(&x);
            for f in found.iter().filter(|f| f.verified) {
                let t = &x[f.range.clone()];
                let standalone = found.iter().filter(|g| &x[g.range.clone()] == t).count();
                prop_assert_eq!(once.matches(t).count(), x.matches(t).count() - standalone);
            }
            prop_assert_eq!(once.matches("\r\n").count(), x.matches("\r\n").count());
            prop_assert_eq!(scanner.redact_bytes(x.as_bytes()), once.as_bytes());
        }
    }

    #[test]
    fn findings_are_ordered_disjoint_and_on_char_boundaries(x in text()) {
        for scanner in [Scanner::default(), acme()] {
            let found = scanner.scan(&x);
            check_findings(&x, &found)?;
            prop_assert_eq!(scanner.scan_bytes(x.as_bytes()), found);
        }
    }

    #[test]
    fn redact_changes_only_the_findings(x in text()) {
        let scanner = acme();
        let found = scanner.scan(&x);
        let out = scanner.redact(&x);
        if found.is_empty() {
            prop_assert_eq!(out.as_bytes(), x.as_bytes());
        }
        let mut expected = String::new();
        let mut at = 0;
        for f in &found {
            expected.push_str(&x[at..f.range.start]);
            expected.push_str(&f.masked);
            at = f.range.end;
        }
        expected.push_str(&x[at..]);
        prop_assert_eq!(out, expected);
    }

    #[test]
    fn text_without_candidates_is_returned_unchanged(
        x in prop_oneof![
            // No stop byte at all (`_`, `-`, `K`): nothing can be a candidate.
            "[^_K-]{0,200}",
            prop::collection::vec(filler(), 0..24).prop_map(|v| v.concat()),
            any::<String>(),
        ]
    ) {
        let scanner = acme();
        let found = scanner.scan(&x);
        if !x.contains(['_', '-', 'K']) {
            prop_assert!(found.is_empty());
        }
        if found.is_empty() {
            let out = scanner.redact(&x);
            prop_assert_eq!(out.as_bytes(), x.as_bytes());
            prop_assert_eq!(scanner.redact_bytes(x.as_bytes()), x.as_bytes());
        }
    }

    #[test]
    fn windows_split_anywhere_equal_the_whole_scan(
        x in text(),
        cuts in prop::collection::vec(any::<prop::sample::Index>(), 6),
    ) {
        let scanner = acme();
        let bytes = x.as_bytes();
        let whole = scanner.scan(&x);
        // Random cuts plus every position around each finding's edges.
        let mut points: Vec<usize> = cuts.iter().map(|i| i.index(bytes.len() + 1)).collect();
        for f in &whole {
            for p in [f.range.start, f.range.end] {
                points.extend(p.saturating_sub(18)..(p + 18).min(bytes.len() + 1));
            }
        }
        points.sort_unstable();
        points.dedup();
        for cut in points {
            let mut out = Vec::new();
            let next = scanner.scan_window(bytes, 0, cut, &mut out);
            prop_assert!(next >= cut);
            scanner.scan_window(bytes, next, bytes.len(), &mut out);
            prop_assert_eq!(&out, &whole, "cut at {}", cut);
        }
        // Three windows.
        if bytes.len() > 2 {
            let (a, b) = (cuts[0].index(bytes.len()), cuts[1].index(bytes.len()));
            let (a, b) = (a.min(b), a.max(b));
            let mut out = Vec::new();
            let n1 = scanner.scan_window(bytes, 0, a, &mut out);
            // A window never ends before the previous one's resume point (see
            // `scan_window_past_its_until_keeps_the_resume_point` for why).
            let n2 = scanner.scan_window(bytes, n1, b.max(n1), &mut out);
            scanner.scan_window(bytes, n2, bytes.len(), &mut out);
            prop_assert_eq!(&out, &whole, "cuts at {} and {}", a, b);
        }
    }

    /// The oracle: a valid token is found exactly, verified, between boundary characters and
    /// glued to a word character or `_` on either side alike.
    #[test]
    fn a_token_between_boundaries_is_found_exactly(
        t in valid_token(),
        left in prop::sample::select(vec![
            "", " ", "\n", "\r\n", "=", ":", "\"", "'", "/", "@", "-", "é", "🔑", "a\\n",
            "x\\u003d", "token%3D", "\\t",
        ]),
        right in prop::sample::select(vec![
            "", " ", "\r\n", "\"", "'", "/", "@", "-", ":", ";", ",", "。", "𝕏", "%26", "\\n",
        ]),
        glue in prop::sample::select(vec!["x", "Z", "0", "_"]),
    ) {
        let scanner = acme();
        let x = format!("{left}{t}{right}");
        let found = scanner.scan(&x);
        prop_assert_eq!(found.len(), 1, "{:?}", found);
        prop_assert_eq!(found[0].range.clone(), left.len()..left.len() + t.len());
        prop_assert!(found[0].verified);
        prop_assert!(found[0].reason.is_none());
        // Without registration the custom token is not a candidate at all.
        if t.starts_with("acme_") {
            prop_assert_eq!(scan::scan(&x), vec![]);
        }
        // Glued to a word character on either side, it is still found: the checksum proves it.
        for glued in [format!("{left}{glue}{t}{right}"), format!("{left}{t}{glue}{right}")] {
            let found = scanner.scan(&glued);
            let at = glued.find(&t).unwrap();
            prop_assert!(found.iter().any(|f| f.verified && f.range == (at..at + t.len())), "{:?}", found);
        }
    }

    #[test]
    fn a_look_alike_is_reported_unverified(t in look_alike(), sep in "[ \n=:\"]") {
        let x = format!("{sep}{t}{sep}");
        let found = acme().scan(&x);
        prop_assert_eq!(found.len(), 1);
        prop_assert!(!found[0].verified);
        prop_assert_eq!(found[0].reason, Some(scan::Reason::ChecksumMismatch));
        prop_assert_eq!(found[0].range.clone(), 1..1 + t.len());
    }
}

proptest! {
    #![proptest_config(config(64))]

    /// Strict idempotence, `Scanner::redact`'s documented promise.
    #[test]
    fn redact_is_idempotent_strictly(x in text()) {
        for scanner in [Scanner::default(), acme()] {
            let once = scanner.redact(&x);
            prop_assert_eq!(scanner.redact(&once), once.clone());
            prop_assert_eq!(scanner.scan(&once), vec![]);
        }
    }

    #[test]
    fn stream_equals_whole_scan_at_any_read_size(x in text(), step in 1..40usize) {
        let scanner = acme();
        let mut out = Vec::new();
        let mut seen = Vec::new();
        scanner
            .scan_stream(common::Trickle(x.as_bytes(), step), Some(&mut out), |l| {
                seen.push(l.clone());
                Ok(())
            })
            .unwrap();
        let findings: Vec<Finding> = seen.iter().map(|l| l.finding.clone()).collect();
        prop_assert_eq!(findings, scanner.scan(&x));
        prop_assert_eq!(out, scanner.redact(&x).into_bytes());
        for l in &seen {
            let before = &x[..l.finding.range.start];
            prop_assert_eq!(l.line, 1 + before.matches('\n').count() as u64);
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            prop_assert_eq!(l.column, 1 + before[line_start..].chars().count() as u64);
        }
    }
}

/// Issue 26.4: a long CI log (several read buffers) of timestamped lines, tokens wrapped onto
/// the next line after the repeated timestamp at every column: the stream, which keeps only
/// `LEFT_CONTEXT` bytes before where it resumes, finds what the whole scan finds, every token
/// proven, at any read size.
#[test]
fn wrapped_tokens_in_a_long_timestamped_log_stream_like_the_whole_scan() {
    let mut rng = common::Seeded::new(26);
    let mut log = String::new();
    let mut tokens = Vec::new();
    let mut line = 0;
    while log.len() < 300_000 {
        line += 1;
        let ts = format!(
            "2026-05-01T10:{:02}:{:02}.{:07}Z ",
            line / 60 % 60,
            line % 60,
            line
        );
        if line % 7 == 0 {
            let mut b = [0u8; 30];
            patmint::rng::RandomSource::fill(&mut rng, &mut b).unwrap();
            let random: String = b
                .iter()
                .map(|x| char::from(patmint::base62::ALPHABET[usize::from(*x) % 62]))
                .collect();
            let t = with_checksum("acme_", &random);
            // Cut in the body: a prefix read across a line prefix is not joined (README).
            let cut = 5 + line % (t.len() - 5);
            let pad = " ".repeat(line % 50);
            let indent = if line % 2 == 0 {
                " ".repeat(pad.len() + 7)
            } else {
                String::new()
            };
            log.push_str(&format!(
                "{ts}{pad}token={}\n{ts}{indent}{}\n",
                &t[..cut],
                &t[cut..]
            ));
            tokens.push(t);
        } else {
            log.push_str(&format!("{ts}{}\n", "step output ".repeat(line % 9)));
        }
    }
    let scanner = acme();
    let whole = scanner.scan(&log);
    assert_eq!(whole.len(), tokens.len());
    assert!(whole
        .iter()
        .all(|f| f.verified && f.format == "custom:acme"));
    for step in [509, 4093, 65_536] {
        let mut out = Vec::new();
        let mut seen = Vec::new();
        scanner
            .scan_stream(common::Trickle(log.as_bytes(), step), Some(&mut out), |l| {
                seen.push(l.finding.clone());
                Ok(())
            })
            .unwrap();
        assert_eq!(seen, whole, "read size {step}");
        assert_eq!(out, scanner.redact(&log).into_bytes());
    }
}
