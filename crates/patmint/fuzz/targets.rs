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

/// Gaps a proven token may be read across, as the scanner's rule states them (the `\` that
/// Markdown puts before `_` and `-` has an op of its own: it is a gap only there).
const GAPS: [&str; 40] = [
    " ",
    "\n",
    "\r\n",
    "\t",
    "  ",
    "\n  ",
    "\n> ",
    "=\r\n",
    "=\n",
    "\\\n",
    "\u{200b}",
    "\u{ad}",
    // ANSI escapes: `grep --color=always`, CI logs, `tput sgr0`.
    "\x1b[m",
    "\x1b[01;31m\x1b[K",
    "\x1b[m\x1b[K",
    "\x1b[0K",
    "\x1b[38;2;255;100;0m",
    "\x1b(B\x1b[m",
    // Format characters: bidi marks, isolates, embeddings, invisible operators, Mongolian
    // vowel separator, combining grapheme joiner, variation selectors, tags.
    "\u{200e}",
    "\u{200f}",
    "\u{2066}",
    "\u{2069}",
    "\u{202a}",
    "\u{202e}",
    "\u{2061}",
    "\u{2064}",
    "\u{180e}",
    "\u{34f}",
    "\u{fe0f}",
    "\u{e0100}",
    "\u{e0041}",
    // No-break spaces, Unicode line breaks.
    "\u{a0}",
    "\u{202f}",
    "\u{2028}",
    "\u{85}",
    "\u{2029}> ",
    // Deep indentation after a line break (40, 100 and 126 bytes).
    "\n                                        ",
    "\r\n\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t",
    "\n                                                                                                                              ",
    "\u{2028}\u{a0}\u{202e}\u{2066}\x1b[m",
];

/// Other fragments: prefixes of every format, separators, runs, encodings, the mask character,
/// pieces of escape sequences and of gaps that are not gaps on their own.
const NOISE: [&str; 58] = [
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
    "\x1b[",
    "\x1b[01;31",
    "\x1b]0;title\x07",
    "\x1b(",
    "m",
    "K",
    "B",
    "\\",
    "\\_",
    ">",
    "\u{2010}",
    "\u{e01f0}",
    "\u{ff3f}",
    // A log's line prefixes (issue 26.4), which a line break may repeat: a token wrapped
    // after one is read across it (join::repeated).
    "\n2026-05-01T10:00:03.2000000Z ",
    "2026-05-01T10:00:03.2010000Z   ",
    "\n[build] ",
    "\nweb_1  | ",
    "| ",
];

/// Fine-grained tokens (shape only; fixed, so that a failing input replays).
fn fine_grained_pool() -> &'static [String] {
    use std::sync::OnceLock;
    static POOL: OnceLock<Vec<String>> = OnceLock::new();
    POOL.get_or_init(|| {
        let alnum = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        let mut state = 0x51_7CC1_B727_220A_u64;
        let mut random = |n: usize| -> String {
            (0..n)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    char::from(alnum[(state % 62) as usize])
                })
                .collect()
        };
        (0..4)
            .map(|_| format!("github_pat_{}_{}", random(22), random(59)))
            .collect()
    })
}

/// Line breaks that may wrap a fine-grained token.
const WRAPS: [&str; 4] = ["\n", "\r\n", "=\n", "=\r\n"];

/// The differential fragment driver (issue 14, item 8; issue 25, item 7): builds a text from
/// fragments picked by `data` — proven tokens, their pieces with gaps between, other formats'
/// prefixes, separators, runs, invisible characters, escape sequences, encodings, Markdown
/// escapes, wrapped fine-grained tokens — then asserts the scanner's promises: no proven token
/// survives `redact` in any form the rule covers (glued, encoded, wrapped); a fine-grained token
/// wrapped once with both pieces standing alone is found whole; `redact` is idempotent; a text
/// holding a proven token has a verified finding (what makes `patmint scan` exit 1); the
/// streaming reader, on the text and on the text in UTF-16LE, and any split into two windows
/// agree with the whole scan.
pub fn fragments_target(data: &[u8]) {
    let pool = proven_pool();
    let mut text = String::new();
    let mut wrapped = Vec::new();
    let mut bytes = data.iter().copied();
    while let Some(op) = bytes.next() {
        let arg = bytes.next().unwrap_or(0);
        match op % 10 {
            0 | 1 => text.push_str(&pool[usize::from(arg) % pool.len()]),
            2 => {
                // A proven token cut by a gap (inside its prefix, too).
                let t = &pool[usize::from(arg) % pool.len()];
                let cut = 1 + usize::from(bytes.next().unwrap_or(0)) % (t.len() - 1);
                text.push_str(&t[..cut]);
                text.push_str(GAPS[usize::from(bytes.next().unwrap_or(0)) % GAPS.len()]);
                text.push_str(&t[cut..]);
            }
            3 => {
                // A piece of a token alone.
                let t = &pool[usize::from(arg) % pool.len()];
                let cut = usize::from(bytes.next().unwrap_or(0)) % t.len();
                text.push_str(if arg & 1 == 0 { &t[..cut] } else { &t[cut..] });
            }
            4 => text.push_str(GAPS[usize::from(arg) % GAPS.len()]),
            5 => {
                // A proven token pasted into Markdown: `\` before each `_` and `-`.
                let t = &pool[usize::from(arg) % pool.len()];
                text.push_str(&t.replace('_', "\\_").replace('-', "\\-"));
            }
            6 => {
                // A fine-grained token wrapped once, standing alone.
                let fg = fine_grained_pool();
                let t = &fg[usize::from(arg) % fg.len()];
                let cut = 1 + usize::from(bytes.next().unwrap_or(0)) % (t.len() - 1);
                text.push(' ');
                wrapped.push((text.len(), t));
                text.push_str(&t[..cut]);
                text.push_str(WRAPS[usize::from(arg / 4) % WRAPS.len()]);
                text.push_str(&t[cut..]);
                text.push(' ');
            }
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
    // The rule's forms: tokens read across gaps of at most 128 bytes.
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
    for (start, t) in wrapped {
        assert!(
            found
                .iter()
                .any(|f| f.range.start == start && f.format == "github_pat"),
            "wrapped fine-grained token not joined: {text:?}"
        );
        assert!(!once.contains(t.as_str()) && !once.contains(&t[20..60]));
    }
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
    utf16_agrees(&scanner, &text, data.first().is_some_and(|b| b & 1 == 1));
}

/// The text in UTF-16LE (with a BOM or not), streamed: when the stream is taken for UTF-16LE,
/// the findings are the UTF-8 text's (ranges in UTF-16LE bytes) and the redacted output is the
/// UTF-8 redaction in UTF-16LE.
fn utf16_agrees(scanner: &patmint::scan::Scanner, text: &str, bom: bool) {
    let text = if bom {
        format!("\u{feff}{text}")
    } else {
        text.to_owned()
    };
    let encode = |s: &str| -> Vec<u8> { s.encode_utf16().flat_map(u16::to_le_bytes).collect() };
    let input = encode(&text);
    // The rule of `scan_stream`'s documentation, on the first 512 bytes.
    let head = &input[..input.len().min(512)];
    let units = head.strip_prefix(&[0xFF, 0xFE]).unwrap_or(head);
    let n = units.len() / 2;
    let ascii = units.chunks_exact(2).filter(|u| u[1] == 0).count();
    let taken = if bom {
        ascii * 8 >= n
    } else {
        n >= 8 && ascii * 2 >= n
    };
    if !taken {
        return;
    }
    let mut out = Vec::new();
    let mut streamed = Vec::new();
    scanner
        .scan_stream(&input[..], Some(&mut out), |l| {
            streamed.push(l.finding.clone());
            Ok(())
        })
        .unwrap();
    let at = |i: usize| 2 * text[..i].encode_utf16().count();
    let expected: Vec<_> = scanner
        .scan(&text)
        .into_iter()
        .map(|mut f| {
            f.range = at(f.range.start)..at(f.range.end);
            f
        })
        .collect();
    assert_eq!(streamed, expected, "UTF-16LE: {text:?}");
    assert_eq!(out, encode(&scanner.redact(&text)), "UTF-16LE: {text:?}");
}

/// Longest gap the scanner reads across, in bytes.
const MAX_GAP: usize = 128;

/// Length of the gap unit at the start of `rest` and whether it breaks the line (0 if none);
/// `after_break` admits `>` quoting.
fn gap_unit(rest: &str, after_break: bool) -> (usize, bool) {
    for (s, brk) in [
        ("=\r\n", true),
        ("\\\r\n", true),
        ("\r\n", true),
        ("=\n", true),
        ("\\\n", true),
        ("\\_", false),
        ("\\-", false),
        ("\x1b(B", false),
    ] {
        if rest.starts_with(s) {
            let n = if s.starts_with("\\_") || s.starts_with("\\-") {
                1
            } else {
                s.len()
            };
            return (n, brk);
        }
    }
    if let Some(params) = rest.strip_prefix("\x1b[") {
        let p = params
            .bytes()
            .take_while(|b| b.is_ascii_digit() || *b == b';' || *b == b':')
            .count();
        return match params.as_bytes().get(p) {
            Some(b'm' | b'K') if p <= 24 => (p + 3, false),
            _ => (0, false),
        };
    }
    let Some(c) = rest.chars().next() else {
        return (0, false);
    };
    match c {
        '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{85}' => (c.len_utf8(), true),
        '>' if after_break => (1, false),
        ' '
        | '\t'
        | '\u{a0}'
        | '\u{ad}'
        | '\u{34f}'
        | '\u{180e}'
        | '\u{2000}'..='\u{200f}'
        | '\u{202a}'..='\u{202f}'
        | '\u{205f}'..='\u{206f}'
        | '\u{3000}'
        | '\u{fe00}'..='\u{fe0f}'
        | '\u{feff}'
        | '\u{e0000}'..='\u{e007f}'
        | '\u{e0100}'..='\u{e01ff}' => (c.len_utf8(), false),
        _ => (0, false),
    }
}

/// `s` with every gap of at most [`MAX_GAP`] bytes removed: a run of gap units — spaces, tabs,
/// no-break spaces, line breaks (with the `> ` quoting after a break, and a `=` or `\` before
/// it), the `\` before `_` or `-`, ANSI colour and erase-line escapes, invisible format
/// characters — read greedily; a longer run is kept, so nothing is joined across it.
fn without_gaps(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        let mut j = i;
        let mut after_break = false;
        loop {
            let (n, brk) = gap_unit(&s[j..], after_break);
            if n == 0 {
                break;
            }
            after_break |= brk;
            j += n;
        }
        if j > i && j - i <= MAX_GAP {
            i = j;
            continue;
        }
        // Not a gap, or too long to be one: kept as it is.
        let end = if j > i {
            j
        } else {
            i + s[i..].chars().next().unwrap().len_utf8()
        };
        out.push_str(&s[i..end]);
        i = end;
    }
    out
}
