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
        assert!(format.len() <= patmint::MAX_INPUT_BYTES);
    }
}

/// The scanners the scan targets run: the built-in formats, and with a custom prefix.
fn scanners() -> [patmint::scan::Scanner; 2] {
    [
        patmint::scan::Scanner::default(),
        patmint::scan::Scanner::with_formats(&[Format::parse("custom:acme").unwrap()]),
    ]
}

/// Findings are in bounds, ordered, not overlapping, coherent (verified iff no reason; a
/// verified GitHub or custom token passes `check` once the gaps it was read across are gone)
/// and masked (the masked form never holds the token).
fn assert_findings(data: &[u8], found: &[patmint::scan::Finding]) {
    let acme = [Format::parse("custom:acme").unwrap()];
    let mut last_end = 0;
    for f in found {
        assert!(f.range.start >= last_end, "unordered or overlapping");
        assert!(f.range.start < f.range.end && f.range.end <= data.len());
        last_end = f.range.end;
        assert_eq!(f.verified, f.reason.is_none());
        assert!(f.masked.contains('•'));
        let raw = String::from_utf8_lossy(&data[f.range.clone()]);
        let token = without_gaps(&raw);
        assert!(!f.masked.contains(&token));
        let checkable = matches!(f.format.as_str(), "ghp" | "gho" | "ghu" | "ghs" | "ghr")
            || f.format.starts_with("custom:");
        if f.verified && checkable && token.len() == raw.len() && token.is_ascii() {
            // (An extended finding covers two glued tokens: check sees the first.)
            let ok = check_with(&token, &acme).map(|i| i.format.id());
            assert!(ok.is_err() || ok.as_deref() == Ok(f.format.as_str()));
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
        assert!(again.is_empty(), "redacted text has new findings");
        assert_eq!(scanner.redact(&once), once);
    }
}

/// Valid tokens of every checksummed format (fixed, so that a failing input replays): the
/// classic family, npm, a custom prefix at three lengths and GitLab's two routable layouts.
fn proven_pool() -> &'static [String] {
    use std::sync::OnceLock;
    static POOL: OnceLock<Vec<String>> = OnceLock::new();
    POOL.get_or_init(|| {
        let alnum = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        let mut state = 0x9E37_79B9_7F4A_7C15_u64;
        let mut random = |n: usize, alphabet: &[u8]| -> String {
            (0..n)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    char::from(alphabet[(state % alphabet.len() as u64) as usize])
                })
                .collect()
        };
        let sum =
            |r: &str| String::from_utf8(patmint::checksum::compute(r.as_bytes()).to_vec()).unwrap();
        let mut pool = Vec::new();
        for prefix in ["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "npm_", "acme_"] {
            for n in [30, 30, 16, 128] {
                if n != 30 && prefix != "acme_" {
                    continue;
                }
                let r = random(n, alnum);
                pool.push(format!("{prefix}{r}{}", sum(&r)));
            }
        }
        for versioned in [false, true] {
            let payload = random(
                27,
                b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-",
            );
            let head = if versioned {
                format!("glpat-{payload}.01.0r")
            } else {
                format!("glpat-{payload}.0r")
            };
            let mut crc = crc32fast::Hasher::new();
            crc.update(head.as_bytes());
            let (mut v, mut digits) = (crc.finalize(), Vec::new());
            for _ in 0..7 {
                digits.push(b"0123456789abcdefghijklmnopqrstuvwxyz"[(v % 36) as usize]);
                v /= 36;
            }
            digits.reverse();
            pool.push(format!("{head}{}", String::from_utf8(digits).unwrap()));
        }
        pool
    })
}

/// Gaps a proven token may be read across, as the scanner's rule states them.
const GAPS: [&str; 12] = [
    " ", "\n", "\r\n", "\t", "  ", "\n  ", "\n> ", "=\r\n", "=\n", "\\\n", "\u{200b}", "\u{ad}",
];

/// Other fragments: prefixes of every format, separators, runs, encodings, the mask character.
const NOISE: [&str; 40] = [
    "glpat-",
    "pypi-AgEIcHlwaS5vcmc",
    "xoxb-1",
    "xoxp-",
    "sk_live_",
    "rk_test_",
    "npm_",
    "ghp_",
    "ghs_",
    "ghs_12_eyJ",
    ".eyJ",
    "github_pat_",
    "AKIA",
    "hf_",
    "sk-proj-",
    "T3BlbkFJ",
    "AIza",
    "dp.pt.",
    "shpat_",
    "sb_secret_",
    "acme_",
    "gh",
    "p_",
    "-----BEGIN PRIVATE KEY-----\n",
    "-----END PRIVATE KEY-----",
    "-",
    "_",
    "--",
    "__",
    "%3D",
    "%253D",
    "=3D",
    "\\x3d",
    "\\u003d",
    "•",
    "x",
    "Z9",
    "=",
    "\"",
    "é",
];

/// The differential fragment driver (issue 14, item 8): builds a text from fragments picked by
/// `data` — proven tokens, their pieces with gaps between, other formats' prefixes,
/// separators, runs, invisible characters, encodings — then asserts the scanner's promises:
/// no proven token survives `redact` in any form the rule covers (glued, encoded, wrapped);
/// `redact` is idempotent; a text holding a proven token has a verified finding (what makes
/// `patmint scan` exit 1); the streaming reader and any split into two windows agree with the
/// whole scan.
pub fn fragments_target(data: &[u8]) {
    let pool = proven_pool();
    let mut text = String::new();
    let mut bytes = data.iter().copied();
    while let Some(op) = bytes.next() {
        let arg = bytes.next().unwrap_or(0);
        match op % 8 {
            0 | 1 => text.push_str(&pool[usize::from(arg) % pool.len()]),
            2 => {
                // A proven token cut by a gap (inside its prefix, too).
                let t = &pool[usize::from(arg) % pool.len()];
                let cut = 1 + usize::from(bytes.next().unwrap_or(0)) % (t.len() - 1);
                text.push_str(&t[..cut]);
                text.push_str(GAPS[usize::from(arg / 16) % GAPS.len()]);
                text.push_str(&t[cut..]);
            }
            3 => {
                // A piece of a token alone.
                let t = &pool[usize::from(arg) % pool.len()];
                let cut = usize::from(bytes.next().unwrap_or(0)) % t.len();
                text.push_str(if arg & 1 == 0 { &t[..cut] } else { &t[cut..] });
            }
            4 => text.push_str(GAPS[usize::from(arg) % GAPS.len()]),
            _ => text.push_str(NOISE[usize::from(arg) % NOISE.len()]),
        }
    }
    let acme = [Format::parse("custom:acme").unwrap()];
    let scanner = patmint::scan::Scanner::with_formats(&acme);
    let found = scanner.scan(&text);
    let mut last = 0;
    for f in &found {
        assert!(
            f.range.start >= last && f.range.start < f.range.end,
            "{text:?}"
        );
        assert!(text.is_char_boundary(f.range.start) && text.is_char_boundary(f.range.end));
        assert_eq!(f.verified, f.reason.is_none());
        assert!(f.masked.contains('•'));
        last = f.range.end;
    }
    let once = scanner.redact(&text);
    let again = scanner.redact(&once);
    assert_eq!(again, once, "not idempotent: {text:?}");
    assert!(scanner.scan(&once).iter().all(|f| !f.verified), "{text:?}");
    // The rule's forms: tokens read across gaps of at most 32 bytes.
    let holds = |s: &str| {
        let joined = without_gaps(s);
        pool.iter().any(|t| joined.contains(t.as_str()))
    };
    if holds(&text) {
        assert!(found.iter().any(|f| f.verified), "unproven: {text:?}");
    }
    assert!(
        !holds(&once),
        "a proven token survived: {text:?} -> {once:?}"
    );
    // The streaming reader (what the CLI runs) and windows agree with the whole scan.
    let mut streamed = Vec::new();
    scanner
        .scan_stream(text.as_bytes(), None, |l| {
            streamed.push(l.finding.clone());
            Ok(())
        })
        .unwrap();
    assert_eq!(streamed, found, "stream: {text:?}");
    let cut = data
        .first()
        .map_or(0, |&b| usize::from(b) * text.len() / 255);
    let mut out = Vec::new();
    let next = scanner.scan_window(text.as_bytes(), 0, cut, &mut out);
    scanner.scan_window(text.as_bytes(), next, text.len(), &mut out);
    assert_eq!(out, found, "windows cut at {cut}: {text:?}");
}

/// `s` with every gap of at most 32 bytes removed: runs of spaces, tabs, line breaks (with the
/// `> ` quoting after a break, and a `=` or `\` before it) and invisible characters.
fn without_gaps(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < b.len() {
        let mut j = i;
        let mut after_break = false;
        loop {
            let rest = &s[j..];
            let n = if rest.starts_with([' ', '\t']) {
                1
            } else if rest.starts_with("\r\n")
                || rest.starts_with("=\n")
                || rest.starts_with("\\\n")
            {
                after_break = true;
                2
            } else if rest.starts_with("=\r\n") || rest.starts_with("\\\r\n") {
                after_break = true;
                3
            } else if rest.starts_with(['\n', '\r']) {
                after_break = true;
                1
            } else if after_break && rest.starts_with('>') {
                1
            } else if let Some(c) = rest.chars().next().filter(|c| {
                matches!(
                    c,
                    '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}'
                )
            }) {
                c.len_utf8()
            } else {
                0
            };
            if n == 0 || j + n - i > 32 {
                break;
            }
            j += n;
        }
        if j > i {
            // Only a gap between two characters is skipped; kept as a space otherwise, which
            // joins nothing.
            i = j;
            continue;
        }
        let c = s[i..].chars().next().unwrap();
        out.push(c);
        i += c.len_utf8();
    }
    out
}
