//! The leak scanner on realistic logs: `tests/corpus/*` are templates whose placeholders are
//! filled at test time with tokens from a seeded source (no valid token is ever committed), and
//! each placeholder states what the scanner must report for it.
//!
//! # Placeholder syntax
//!
//! `{{KIND}}`, `{{KIND!}}`, `{{KIND|none}}`, `{{KIND!|none}}`, `{{KIND|split}}`:
//!
//! * `KIND` is the token to generate: `ghp` `gho` `ghu` `ghs` `ghr` (classic, checksum),
//!   `acme` `acme16` `acme128` (custom prefix `acme_` with 30, 16 or 128 random characters,
//!   checksum), and the shape-only fakes `github_pat` `glpat` `npm` `pypi` `slack` `stripe`
//!   (`sk_live_…`) `rk` (`rk_test_…`) `aws` `hf`.
//! * `{{KIND}}`: a valid token; expect one finding with exactly its byte range, verified for
//!   checksum formats, `shape_only` otherwise.
//! * `{{KIND!}}`: the token with one body character changed (checksum formats only); expect an
//!   unverified finding with reason `checksum_mismatch`.
//! * `|none`: expect no finding, because of the text around it (the boundary rule); the token
//!   alone is a candidate (checked by `every_placeholder_token_is_a_candidate_on_its_own`).
//! * `|split`: the token is broken by the file's line ending in its middle (a wrapped line);
//!   for checksum formats expect one verified finding covering both halves and the break
//!   (the scanner joins wrapped pieces when the joined checksum matches), otherwise none.
//!
//! Custom tokens are expected only from a scanner that registers `custom:acme`; the default
//! scanner must not find them at all.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::fs;
use std::ops::Range;
use std::path::Path;

use patmint::rng::RandomSource;
use patmint::scan::{self, Finding, Located, Reason, Scanner};
use patmint::{base62, Format, SecretToken};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expect {
    /// Found and proven by its checksum.
    Verified,
    /// Found, shape only.
    ShapeOnly,
    /// Found, unverified, checksum mismatch.
    Mismatch,
    /// Not found because of its context.
    None,
    /// Broken by a line ending.
    Split,
}

#[derive(Clone, Debug)]
struct Placeholder {
    kind: String,
    /// Byte range of the rendered token (for `Split`, from its first to its last character,
    /// line break included).
    range: Range<usize>,
    /// The token itself (for `Split`, without the line break).
    token: String,
    expect: Expect,
    format: &'static str,
    prefix_len: usize,
    custom: bool,
    /// Declared with `!`: one character changed.
    changed: bool,
}

struct Rendered {
    name: String,
    text: String,
    placeholders: Vec<Placeholder>,
}

/// Format id, visible prefix length, whether it carries a checksum, whether it is custom.
fn kind_info(kind: &str) -> (&'static str, usize, bool, bool) {
    match kind {
        "ghp" => ("ghp", 4, true, false),
        "gho" => ("gho", 4, true, false),
        "ghu" => ("ghu", 4, true, false),
        "ghs" => ("ghs", 4, true, false),
        "ghr" => ("ghr", 4, true, false),
        "acme" | "acme16" | "acme128" => ("custom:acme", 5, true, true),
        "github_pat" => ("github_pat", 11, false, false),
        "glpat" => ("gitlab_pat", 6, false, false),
        "npm" => ("npm", 4, true, false),
        "pypi" => ("pypi", 5, false, false),
        "slack" => ("slack", 5, false, false),
        "stripe" | "rk" => ("stripe", 8, false, false),
        "aws" => ("aws_access_key_id", 4, false, false),
        "hf" => ("huggingface", 3, false, false),
        other => panic!("unknown placeholder kind {other:?}"),
    }
}

const ALL_KINDS: [&str; 17] = [
    "ghp",
    "gho",
    "ghu",
    "ghs",
    "ghr",
    "acme",
    "acme16",
    "acme128",
    "github_pat",
    "glpat",
    "npm",
    "pypi",
    "slack",
    "stripe",
    "rk",
    "aws",
    "hf",
];

const ALNUM: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const UPPER_DIGITS: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const LETTERS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const DIGITS: &[u8] = b"0123456789";

fn pick(rng: &mut common::Seeded, n: usize, alphabet: &[u8]) -> String {
    let mut bytes = vec![0u8; n];
    rng.fill(&mut bytes).unwrap();
    bytes
        .iter()
        .map(|b| char::from(alphabet[usize::from(*b) % alphabet.len()]))
        .collect()
}

fn generate(kind: &str, rng: &mut common::Seeded) -> String {
    let secret = |id: &str, rng: &mut common::Seeded| {
        let format: Format = id.parse().unwrap();
        SecretToken::generate_with(&format, rng)
            .unwrap()
            .expose_secret()
            .to_owned()
    };
    match kind {
        "ghp" | "gho" | "ghu" | "ghs" | "ghr" | "github_pat" => secret(kind, rng),
        "acme" => secret("custom:acme", rng),
        "acme16" => secret("custom:acme:16", rng),
        "acme128" => secret("custom:acme:128", rng),
        // GitLab's body allows `-` and `_`: put one of each inside.
        "glpat" => format!(
            "glpat-{}-{}_{}",
            pick(rng, 7, ALNUM),
            pick(rng, 6, ALNUM),
            pick(rng, 5, ALNUM)
        ),
        // npm tokens carry GitHub's checksum.
        "npm" => {
            let random = pick(rng, 30, ALNUM);
            let sum = patmint::checksum::compute(random.as_bytes());
            format!("npm_{random}{}", std::str::from_utf8(&sum).unwrap())
        }
        "pypi" => format!(
            "pypi-AgEIcHlwaS5vcmc{}-{}_{}",
            pick(rng, 30, ALNUM),
            pick(rng, 20, ALNUM),
            pick(rng, 10, ALNUM)
        ),
        "slack" => format!(
            "xoxb-{}-{}-{}",
            pick(rng, 11, DIGITS),
            pick(rng, 13, DIGITS),
            pick(rng, 24, ALNUM)
        ),
        "stripe" => format!("sk_live_{}", pick(rng, 24, ALNUM)),
        "rk" => format!("rk_test_{}", pick(rng, 24, ALNUM)),
        "aws" => format!("AKIA{}", pick(rng, 16, UPPER_DIGITS)),
        "hf" => format!("hf_{}", pick(rng, 34, LETTERS)),
        other => panic!("unknown placeholder kind {other:?}"),
    }
}

/// One character of the body changed to another alphanumeric one.
fn change_one(token: &str, prefix_len: usize, rng: &mut common::Seeded) -> String {
    let mut bytes = token.as_bytes().to_vec();
    let mut r = [0u8; 2];
    rng.fill(&mut r).unwrap();
    let pos = prefix_len + usize::from(r[0]) % (bytes.len() - prefix_len);
    let old = bytes[pos];
    let mut c = base62::ALPHABET[usize::from(r[1]) % 62];
    if c == old {
        c = if old == b'a' { b'b' } else { b'a' };
    }
    bytes[pos] = c;
    String::from_utf8(bytes).unwrap()
}

fn render(name: &str, template: &str) -> Rendered {
    let seed = name
        .bytes()
        .fold(7u8, |a, b| a.wrapping_mul(31).wrapping_add(b));
    let mut rng = common::Seeded::new(seed);
    let eol = if template.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let mut text = String::new();
    let mut placeholders = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find("{{") {
        text.push_str(&rest[..open]);
        let close = rest[open..]
            .find("}}")
            .unwrap_or_else(|| panic!("{name}: unclosed placeholder"));
        let spec = &rest[open + 2..open + close];
        rest = &rest[open + close + 2..];
        let (head, context) = spec.split_once('|').unwrap_or((spec, ""));
        let (kind, changed) = match head.strip_suffix('!') {
            Some(k) => (k, true),
            None => (head, false),
        };
        let (format, prefix_len, checksum, custom) = kind_info(kind);
        assert!(
            !changed || checksum,
            "{name}: {{{{{spec}}}}}: `!` needs a checksum"
        );
        let mut token = generate(kind, &mut rng);
        if changed {
            token = change_one(&token, prefix_len, &mut rng);
        }
        let expect = match (context, changed, checksum) {
            // A proven token is found wherever its characters stand, glued or not.
            ("none", false, true) => Expect::Verified,
            ("none", _, _) => Expect::None,
            ("split", _, _) => Expect::Split,
            ("", true, _) => Expect::Mismatch,
            ("", false, true) => Expect::Verified,
            ("", false, false) => Expect::ShapeOnly,
            (other, _, _) => panic!("{name}: unknown placeholder context {other:?}"),
        };
        let start = text.len();
        if expect == Expect::Split {
            let (a, b) = token.split_at(token.len() / 2);
            text.push_str(a);
            text.push_str(eol);
            text.push_str(b);
        } else {
            text.push_str(&token);
        }
        placeholders.push(Placeholder {
            kind: kind.to_owned(),
            range: start..text.len(),
            token,
            expect,
            format,
            prefix_len,
            custom,
            changed,
        });
    }
    text.push_str(rest);
    Rendered {
        name: name.to_owned(),
        text,
        placeholders,
    }
}

fn corpus() -> Vec<Rendered> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut files: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let all: Vec<Rendered> = files
        .iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            render(&name, &fs::read_to_string(p).unwrap())
        })
        .collect();
    assert!((5..=8).contains(&all.len()), "{} corpus files", all.len());
    all
}

fn acme() -> Scanner {
    Scanner::with_formats(&["custom:acme".parse::<Format>().unwrap()])
}

/// What a scanner must report for `r` (`custom`: whether it registers `acme`).
fn expected(r: &Rendered, custom: bool) -> Vec<Finding> {
    r.placeholders
        .iter()
        .filter(|p| custom || !p.custom)
        .filter_map(|p| {
            let (verified, reason) = match p.expect {
                Expect::Verified => (true, None),
                Expect::ShapeOnly => (false, Some(Reason::ShapeOnly)),
                Expect::Mismatch => (false, Some(Reason::ChecksumMismatch)),
                Expect::Split if kind_info(&p.kind).2 => (true, None),
                Expect::None | Expect::Split => return None,
            };
            Some(Finding {
                range: p.range.clone(),
                format: p.format.to_owned(),
                verified,
                reason,
                masked: common::masked(&p.token, p.prefix_len, true),
            })
        })
        .collect()
}

fn describe(r: &Rendered, f: &Finding) -> String {
    let (line, col) = common::line_col(r.text.as_bytes(), f.range.start);
    format!(
        "{}:{line}:{col} {} {} {:?} {}",
        r.name, f.format, f.verified, f.reason, f.masked
    )
}

/// Exact comparison with a readable report: missing and unexpected findings with positions.
fn assert_findings(r: &Rendered, found: &[Finding], want: &[Finding], scanner: &str) {
    if found == want {
        return;
    }
    let missing: Vec<String> = want
        .iter()
        .filter(|w| !found.contains(w))
        .map(|w| describe(r, w))
        .collect();
    let extra: Vec<String> = found
        .iter()
        .filter(|f| !want.contains(f))
        .map(|f| describe(r, f))
        .collect();
    panic!(
        "{} ({scanner}): findings differ\n  missing: {missing:#?}\n  unexpected: {extra:#?}",
        r.name
    );
}

#[test]
fn corpus_covers_the_required_cases() {
    let all = corpus();
    let ps: Vec<&Placeholder> = all.iter().flat_map(|r| &r.placeholders).collect();
    for kind in ALL_KINDS {
        assert!(
            ps.iter()
                .any(|p| p.kind == kind && p.expect != Expect::Split),
            "no {kind}"
        );
    }
    for expect in [
        Expect::Verified,
        Expect::ShapeOnly,
        Expect::Mismatch,
        Expect::None,
        Expect::Split,
    ] {
        assert!(ps.iter().any(|p| p.expect == expect), "no {expect:?}");
    }
    // Several classic prefixes verified and look-alikes of several prefixes.
    for c in ["ghp", "gho", "ghu", "ghs", "ghr"] {
        assert!(ps
            .iter()
            .any(|p| p.kind == c && p.expect == Expect::Verified));
    }
    let look_alikes: std::collections::HashSet<&str> = ps
        .iter()
        .filter(|p| p.expect == Expect::Mismatch)
        .map(|p| p.kind.as_str())
        .collect();
    assert!(look_alikes.len() >= 4, "{look_alikes:?}");
    // A token at the very start of a file, and one at the very end without a newline.
    assert!(all
        .iter()
        .any(|r| r.placeholders.first().is_some_and(|p| p.range.start == 0)));
    assert!(all.iter().any(|r| r
        .placeholders
        .last()
        .is_some_and(|p| p.range.end == r.text.len() && p.expect != Expect::None)));
    // Found next to each required neighbour, and not found next to `_` and letters.
    let neighbours = |p: &Placeholder, r: &Rendered| {
        let before = r.text[..p.range.start].chars().next_back();
        let after = r.text[p.range.end..].chars().next();
        (before, after)
    };
    for c in ['-', '"', '\'', '=', ':', '@', '/', '→', '」', '🔑', '𝕏'] {
        assert!(
            all.iter().any(|r| r.placeholders.iter().any(|p| {
                let (b, a) = neighbours(p, r);
                p.expect != Expect::None && (b == Some(c) || a == Some(c))
            })),
            "no token found next to {c:?}"
        );
    }
    for (side, test) in [
        (
            "`_` before",
            &(|b: Option<char>, _| b == Some('_')) as &dyn Fn(_, _) -> bool,
        ),
        ("`_` after", &|_, a: Option<char>| a == Some('_')),
        ("letter before", &|b: Option<char>, _| {
            b.is_some_and(|c| c.is_ascii_alphabetic())
        }),
        ("letter after", &|_, a: Option<char>| {
            a.is_some_and(|c| c.is_ascii_alphabetic())
        }),
    ] {
        assert!(
            all.iter().any(|r| r.placeholders.iter().any(|p| {
                let (b, a) = neighbours(p, r);
                p.expect == Expect::None && test(b, a)
            })),
            "no unfound token with {side}"
        );
    }
    // The CRLF file kept its CRLF line endings (`.gitattributes`: `-text`).
    let crlf: Vec<&Rendered> = all.iter().filter(|r| r.name.contains(".crlf.")).collect();
    assert_eq!(crlf.len(), 1);
    let t = crlf[0].text.as_bytes();
    let lf = t.iter().filter(|&&b| b == b'\n').count();
    assert!(lf > 10);
    assert!(
        t.windows(2).filter(|w| w == b"\r\n").count() == lf,
        "{}: lost its CRLF line endings (check .gitattributes)",
        crlf[0].name
    );
    // Non-ASCII text, 4-byte characters included.
    assert!(all
        .iter()
        .any(|r| r.text.chars().any(|c| c.len_utf8() == 4)));
}

#[test]
fn every_placeholder_is_found_exactly_as_declared() {
    let scanner = acme();
    for r in corpus() {
        let found = scanner.scan(&r.text);
        assert_findings(&r, &found, &expected(&r, true), "acme registered");
        assert_eq!(scanner.scan_bytes(r.text.as_bytes()), found, "{}", r.name);
    }
}

#[test]
fn custom_prefix_tokens_are_not_found_without_registration() {
    let mut customs = 0;
    for r in corpus() {
        let found = scan::scan(&r.text);
        assert_findings(&r, &found, &expected(&r, false), "default scanner");
        customs += r
            .placeholders
            .iter()
            .filter(|p| p.custom && matches!(p.expect, Expect::Verified | Expect::Mismatch))
            .count();
    }
    assert!(customs >= 5, "only {customs} custom tokens in the corpus");
}

/// `|none` means "not found because of the context": the same token with spaces around it is
/// a candidate with the expected format (so the template tests the boundary rule, not a
/// malformed token).
#[test]
fn every_placeholder_token_is_a_candidate_on_its_own() {
    let scanner = acme();
    for r in corpus() {
        for p in &r.placeholders {
            let alone = format!(" {} ", p.token);
            let found = scanner.scan(&alone);
            assert_eq!(found.len(), 1, "{}: {} alone", r.name, p.kind);
            assert_eq!(found[0].range, 1..1 + p.token.len());
            assert_eq!(found[0].format, p.format);
            assert_eq!(
                found[0].masked,
                common::masked(&p.token, p.prefix_len, true)
            );
            let changed = p.changed;
            let checksum = kind_info(&p.kind).2;
            assert_eq!(found[0].verified, checksum && !changed, "{}", p.kind);
            // `check` knows GitHub's formats and custom prefixes; npm is the scanner's.
            if checksum && !changed && p.kind != "npm" {
                assert!(
                    patmint::check_with(&p.token, &["custom:acme".parse().unwrap()]).is_ok(),
                    "{}: {} not valid",
                    r.name,
                    p.kind
                );
            }
        }
    }
}

#[test]
fn token_split_across_a_line_break_is_joined_and_proven() {
    let scanner = acme();
    let mut split = 0;
    for r in corpus() {
        let found = scanner.scan(&r.text);
        for p in r.placeholders.iter().filter(|p| p.expect == Expect::Split) {
            split += 1;
            let overlapping: Vec<_> = found
                .iter()
                .filter(|f| f.range.start < p.range.end && p.range.start < f.range.end)
                .collect();
            assert_eq!(overlapping.len(), 1, "{}: split {} token", r.name, p.kind);
            assert_eq!(overlapping[0].range, p.range);
            assert!(overlapping[0].verified);
            assert_eq!(
                overlapping[0].masked,
                common::masked(&p.token, p.prefix_len, true)
            );
            // Neither half stays in the redacted text.
            let (a, b) = p.token.split_at(p.token.len() / 2);
            let redacted = scanner.redact(&r.text);
            assert!(!redacted.contains(a) && !redacted.contains(b));
        }
    }
    assert!(split >= 2);
    // One wrapped with LF, one with CRLF.
    let all = corpus();
    let eols: Vec<bool> = all
        .iter()
        .filter(|r| r.placeholders.iter().any(|p| p.expect == Expect::Split))
        .map(|r| r.text.contains("\r\n"))
        .collect();
    assert!(eols.contains(&true) && eols.contains(&false));
}

#[test]
fn redaction_leaves_no_token_and_keeps_every_other_byte() {
    for (scanner, custom) in [(acme(), true), (Scanner::default(), false)] {
        for r in corpus() {
            let found = scanner.scan(&r.text);
            let out = scanner.redact(&r.text);
            // Masked forms in place, every byte outside findings unchanged.
            let mut at_in = 0;
            let mut at_out = 0;
            for f in &found {
                let gap = &r.text[at_in..f.range.start];
                assert_eq!(&out[at_out..at_out + gap.len()], gap, "{}", r.name);
                at_out += gap.len();
                assert_eq!(&out[at_out..at_out + f.masked.len()], f.masked);
                at_out += f.masked.len();
                at_in = f.range.end;
            }
            assert_eq!(&out[at_out..], &r.text[at_in..], "{}", r.name);
            // No verified token remains, and nothing found remains; the output is stable.
            assert!(scanner.scan(&out).iter().all(|f| !f.verified), "{}", r.name);
            assert_eq!(scanner.scan(&out), [], "{}", r.name);
            assert_eq!(scanner.redact(&out), out, "{}", r.name);
            for p in &r.placeholders {
                let joined = p.expect == Expect::Split && kind_info(&p.kind).2;
                let reported = (joined
                    || matches!(
                        p.expect,
                        Expect::Verified | Expect::ShapeOnly | Expect::Mismatch
                    ))
                    && (custom || !p.custom);
                let kept = if p.expect == Expect::Split {
                    let (a, b) = p.token.split_at(p.token.len() / 2);
                    out.contains(a) && out.contains(b)
                } else {
                    out.contains(&p.token)
                };
                assert_eq!(kept, !reported, "{}: {}", r.name, p.kind);
            }
            // Line structure preserved but for the breaks inside joined (wrapped) tokens.
            let (mut lf, mut crlf) = (0, 0);
            for f in &found {
                lf += r.text[f.range.clone()].matches('\n').count();
                crlf += r.text[f.range.clone()].matches("\r\n").count();
            }
            assert_eq!(out.matches('\n').count(), r.text.matches('\n').count() - lf);
            assert_eq!(
                out.matches("\r\n").count(),
                r.text.matches("\r\n").count() - crlf
            );
            assert_eq!(
                scanner.redact_bytes(r.text.as_bytes()),
                out.as_bytes(),
                "{}",
                r.name
            );
        }
    }
}

fn stream(scanner: &Scanner, text: &[u8], step: usize) -> (Vec<Located>, Vec<u8>) {
    let mut out = Vec::new();
    let mut seen = Vec::new();
    scanner
        .scan_stream(common::Trickle(text, step), Some(&mut out), |l| {
            seen.push(l.clone());
            Ok(())
        })
        .unwrap();
    (seen, out)
}

#[test]
fn stream_scan_matches_whole_text_with_line_and_column() {
    let scanner = acme();
    for r in corpus() {
        let bytes = r.text.as_bytes();
        let whole = scanner.scan(&r.text);
        let redacted = scanner.redact(&r.text);
        for step in [1, 2, 3, 5, 17, 64, 1000, usize::MAX] {
            let (seen, out) = stream(&scanner, bytes, step);
            let findings: Vec<Finding> = seen.iter().map(|l| l.finding.clone()).collect();
            assert_eq!(findings, whole, "{} read size {step}", r.name);
            assert_eq!(out, redacted.as_bytes(), "{} read size {step}", r.name);
            for l in &seen {
                assert_eq!(
                    (l.line, l.column),
                    common::line_col(bytes, l.finding.range.start),
                    "{} read size {step}",
                    r.name
                );
            }
        }
        // Without a sink: the same findings.
        let mut n = 0;
        scanner
            .scan_stream(common::Trickle(bytes, 7), None, |_| {
                n += 1;
                Ok(())
            })
            .unwrap();
        assert_eq!(n, whole.len());
    }
}

/// Spot checks of positions a reader can verify by eye in the templates.
#[test]
fn known_positions() {
    let all = corpus();
    let chat = all.iter().find(|r| r.name == "team-chat.txt").unwrap();
    let found = acme().scan(&chat.text);
    // `[09:01] 佐藤: おはようございます！デプロイ用のトークンです→` is 35 characters.
    let first = &found[0];
    assert_eq!(
        common::line_col(chat.text.as_bytes(), first.range.start),
        (1, 36)
    );
    assert_eq!(first.format, "ghp");
    // The last token ends the file, which has no final newline.
    let last = found.last().unwrap();
    assert_eq!(last.range.end, chat.text.len());
    assert!(last.verified);
    let history = all.iter().find(|r| r.name == "bash_history.txt").unwrap();
    let f = &scan::scan(&history.text)[0];
    assert_eq!(
        (f.range.start, f.format.as_str(), f.verified),
        (0, "ghp", true)
    );
}
