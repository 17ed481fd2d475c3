//! The leak scanner: finds token-shaped runs in any text, proves the ones whose format carries a
//! checksum, and redacts them.
//!
//! # What counts as a candidate
//!
//! A candidate is a known prefix followed by the format's body, and it must stand alone: the
//! byte before it and the byte after it must not be a character that could belong to a token —
//! an ASCII letter, digit or `_`, and also `-` for the formats whose body uses `-` (GitLab,
//! PyPI, Slack). So `xghp_…`, `ghp_…_v2` or `AKIA…` inside a longer upper-case word are not
//! candidates: such runs are identifiers that merely contain a token-like part, and a checksum
//! cannot tell which part would be the token. Two exceptions on the left, because encoders glue
//! a letter or digit to whatever follows: a JSON/C escape (`\n`, `\r`, `\t`, `\b`, `\f`,
//! `\uXXXX`) and a percent escape (`%3D`) count as a boundary, so `"a\nghp_…"` and
//! `token%3Dghp_…` are found. Anything else, including non-ASCII text, is a boundary.
//!
//! Recognised formats (ids as in [`Finding::format`]):
//!
//! | id | shape | proof |
//! |----|-------|-------|
//! | `ghp` `gho` `ghu` `ghs` `ghr` | prefix + 30 alphanumerics + 6-character CRC32 | checksum |
//! | `custom:<name>` | a registered `<name>_` + 16–128 alphanumerics + checksum | checksum |
//! | `github_pat` | `github_pat_` + 22 alphanumerics + `_` + 59 alphanumerics | shape only |
//! | `gitlab_pat` | `glpat-` + 20 of `[0-9A-Za-z_-]` | shape only |
//! | `npm` | `npm_` + 36 alphanumerics | shape only |
//! | `pypi` | `pypi-AgEIcHlwaS5vcmc` + 49 to 1024 of `[0-9A-Za-z_-]` | shape only |
//! | `slack` | `xox[abprs]-` + a digit + 19 to 254 of `[0-9A-Za-z-]` | shape only |
//! | `stripe` | `(sk\|rk)_(test\|live)_` + 20 to 247 alphanumerics | shape only |
//! | `aws_access_key_id` | `AKIA` + 16 of `[0-9A-Z]` | shape only |
//! | `huggingface` | `hf_` + 34 letters | shape only |
//!
//! A classic or custom token broken over lines (hard-wrapped text, a copied terminal) is joined
//! back: alphanumeric pieces across single line breaks (`\n`, `\r\n`) or single spaces (what
//! a browser makes of line breaks in a selection), at most 8, no indentation. It is reported
//! only when the joined checksum matches (unrelated fragments match by chance once in 2^32),
//! with a range that covers the pieces and the breaks, so redaction puts its masked form on one
//! line. Shape-only formats are not joined: without a checksum, two fragments would be a guess.
//!
//! Masked forms keep the prefix and the last 4 characters, like [`crate::mask()`], except
//! before a `-`, where the last 4 are hidden too (kept, `xoxb` + `-…` would become a new
//! candidate): so [`Scanner::redact`] is idempotent.
//!
//! Bodies are maximal runs: a run longer than its format allows is no candidate (a blob, not a
//! token). Candidates do not overlap and the first one wins: a token glued by `-` to the end
//! of a PyPI-, Slack- or GitLab-shaped run is inside that run and is reported (and masked) as
//! part of it, not proven on its own.
//!
//! A classic or custom candidate whose checksum does not match is still reported, with
//! `verified: false` and [`Reason::ChecksumMismatch`]: it looks like a token and may be one
//! with a typo, but it is never claimed as proven.
//!
//! The scan is one pass over the bytes: it stops only at `_`, `-` and `K`, found with `memchr3`
//! (every prefix ends in `_` or `-`, or contains `AK`), looks back at most 17 bytes for a prefix,
//! checks the left boundary first and reads a body of bounded length, so it is linear in the
//! text whatever the input.

use core::ops::Range;

#[cfg(not(target_arch = "wasm32"))]
mod stream;
#[cfg(not(target_arch = "wasm32"))]
pub use stream::Located;

use crate::checksum;
use crate::format::{Classic, Custom, Format, CLASSIC_LEN, CUSTOM_RANDOM_MAX, CUSTOM_RANDOM_MIN};
use crate::format::{FINE_GRAINED_FIRST, FINE_GRAINED_LEN, FINE_GRAINED_PREFIX};
use crate::mask::{KEEP_LAST, MASK_CHAR, MIN_HIDDEN_FOR_LAST4};

/// Why a finding is not verified.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    /// The format has no checksum: the finding matches the shape only.
    ShapeOnly,
    /// The format has a checksum and it does not match: a look-alike, or a token with a typo.
    ChecksumMismatch,
}

impl Reason {
    /// Stable code: `shape_only` or `checksum_mismatch`.
    pub fn code(self) -> &'static str {
        match self {
            Reason::ShapeOnly => "shape_only",
            Reason::ChecksumMismatch => "checksum_mismatch",
        }
    }
}

/// One candidate token in a text. It holds the masked form only, never the token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// Byte range in the scanned text (always on character boundaries).
    pub range: Range<usize>,
    /// Format id: see the table in the [module documentation](self).
    pub format: String,
    /// True only when a checksum proves the token.
    pub verified: bool,
    /// Why it is not verified; `None` when verified.
    pub reason: Option<Reason>,
    /// The masked form that [`Scanner::redact`] puts in its place.
    pub masked: String,
}

/// The longest candidate in bytes (a PyPI token at its bound). A streaming caller that keeps
/// this many bytes, plus [`LEFT_CONTEXT`] before and one after, never cuts a candidate.
pub const MAX_CANDIDATE_LEN: usize = PYPI_HEADER.len() + 5 + PYPI_MAX;

/// Bytes of text before a candidate that decide its left boundary (`\uXXXX` is 6).
pub const LEFT_CONTEXT: usize = 6;

const PYPI_HEADER: &[u8] = b"AgEIcHlwaS5vcmc";
const PYPI_MIN: usize = 49;
const PYPI_MAX: usize = 1024;
const SLACK_MIN: usize = 20;
const SLACK_MAX: usize = 255;
const STRIPE_MIN: usize = 20;
const STRIPE_MAX: usize = 247;

/// A scanner: the built-in formats plus the custom prefixes registered with it.
///
/// ```
/// use patmint::{scan::Scanner, Format};
/// let scanner = Scanner::with_formats(&["custom:acme".parse::<Format>().unwrap()]);
/// let text = "deploy key: acme_0123456789abcdefghijklmnopqrst1AbCdE";
/// let found = scanner.scan(text);
/// assert_eq!(found[0].format, "custom:acme");
/// assert!(!found[0].verified); // a look-alike: the checksum is wrong
/// ```
#[derive(Clone, Debug, Default)]
pub struct Scanner {
    custom: Vec<Custom>,
}

/// Scans `text` for the built-in formats: see [`Scanner::scan`].
///
/// ```
/// // A public test fixture (DataDog's sensitive data scanner), not a live token.
/// let found = patmint::scan::scan("export GH_TOKEN=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\n");
/// assert_eq!(found[0].range, 16..56);
/// assert!(found[0].verified);
/// ```
pub fn scan(text: &str) -> Vec<Finding> {
    Scanner::default().scan(text)
}

/// Redacts the built-in formats in `text`: see [`Scanner::redact`].
///
/// ```
/// // AWS's documentation example key id.
/// let out = patmint::scan::redact("key=AKIAIOSFODNN7EXAMPLE;");
/// assert_eq!(out, "key=AKIA••••••••••••MPLE;");
/// ```
pub fn redact(text: &str) -> String {
    Scanner::default().redact(text)
}

impl Scanner {
    /// A scanner for the built-in formats and the custom formats in `formats` (other formats
    /// in the list are built in already and ignored).
    pub fn with_formats(formats: &[Format]) -> Scanner {
        let custom = formats
            .iter()
            .filter_map(|f| match f {
                Format::Custom(c) => Some(c.clone()),
                _ => None,
            })
            .collect();
        Scanner { custom }
    }

    /// Every candidate in `text`, in order, not overlapping.
    pub fn scan(&self, text: &str) -> Vec<Finding> {
        self.scan_bytes(text.as_bytes())
    }

    /// [`Scanner::scan`] for bytes that may not be UTF-8 (a log file): candidates are ASCII, so
    /// nothing else about the encoding matters.
    pub fn scan_bytes(&self, text: &[u8]) -> Vec<Finding> {
        let mut out = Vec::new();
        self.scan_window(text, 0, text.len(), &mut out);
        out
    }

    /// Appends the candidates of `text` that start in `from..until` to `out` and returns where
    /// the next window should start (the end of the last finding, or `until`). The bytes
    /// before `from` are only context for the left boundary, and a candidate starting before
    /// `until` may extend past it: a streaming caller passes `until` at least
    /// [`MAX_CANDIDATE_LEN`] + 1 bytes before the end of what it has read, unless at the end.
    pub fn scan_window(
        &self,
        text: &[u8],
        from: usize,
        until: usize,
        out: &mut Vec<Finding>,
    ) -> usize {
        let until = until.min(text.len());
        if from >= until {
            return from;
        }
        let mut resume = from;
        let mut i = resume;
        // A prefix ends at most 10 bytes (`github_pat_`) after its start, or 16 for a custom one.
        let stop = until.saturating_add(17).min(text.len());
        while let Some(t) = next_trigger(text, i, stop) {
            if !self.plausible(text, t) {
                i = t + 1;
                continue;
            }
            match self.candidate_at(text, t) {
                Some(f) if f.range.start >= resume && f.range.start < until => {
                    resume = f.range.end;
                    i = f.range.end;
                    out.push(f);
                }
                _ => i = t + 1,
            }
        }
        resume.max(until)
    }

    /// `text` with every finding replaced by its masked form; every other byte is unchanged.
    /// Idempotent: masked forms are not candidates.
    pub fn redact(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for f in self.scan(text) {
            out.push_str(text.get(at..f.range.start).unwrap_or_default());
            out.push_str(&f.masked);
            at = f.range.end;
        }
        out.push_str(text.get(at..).unwrap_or_default());
        out
    }

    /// [`Scanner::redact`] for bytes that may not be UTF-8.
    pub fn redact_bytes(&self, text: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(text.len());
        let mut at = 0;
        for f in self.scan_bytes(text) {
            out.extend_from_slice(text.get(at..f.range.start).unwrap_or_default());
            out.extend_from_slice(f.masked.as_bytes());
            at = f.range.end;
        }
        out.extend_from_slice(text.get(at..).unwrap_or_default());
        out
    }

    /// A cheap first look at a stop byte: only the two bytes before it (logs are full of `_`
    /// and `-`, and most of them are not the end of a prefix).
    #[inline]
    fn plausible(&self, text: &[u8], t: usize) -> bool {
        let before = |n: usize| t.checked_sub(n).and_then(|i| text.get(i)).copied();
        match (text.get(t), before(2), before(1)) {
            // gh[pousr]_, github_pat_, npm_, hf_, sk_test_, sk_live_, or a custom prefix.
            (Some(b'_'), Some(a), Some(b)) => {
                matches!(
                    (a, b),
                    (b'h', b'p' | b'o' | b'u' | b's' | b'r')
                        | (b'a', b't')
                        | (b'p', b'm')
                        | (b's', b't')
                        | (b'v', b'e')
                ) || (a, b) == (b'h', b'f')
                    || !self.custom.is_empty()
            }
            // glpat-, pypi-, xox[abprs]-.
            (Some(b'-'), Some(a), Some(_)) => matches!(a, b'a' | b'p' | b'x'),
            // AKIA, at its K.
            (Some(b'K'), _, Some(b'A')) => true,
            _ => false,
        }
    }

    fn candidate_at(&self, text: &[u8], t: usize) -> Option<Finding> {
        match text.get(t)? {
            b'_' => self.underscore(text, t),
            b'-' => hyphen(text, t),
            _ => aws(text, t),
        }
    }

    /// Formats whose prefix ends with the `_` at `t`.
    fn underscore(&self, text: &[u8], t: usize) -> Option<Finding> {
        let body = t + 1;
        let head = &text[..body];
        let mut look_alike = None;
        for c in &self.custom {
            let p = c.prefix().as_bytes();
            if head.ends_with(p) {
                let lens = CUSTOM_RANDOM_MIN + checksum::LEN..=CUSTOM_RANDOM_MAX + checksum::LEN;
                let n = run(text, body, *lens.end(), u8::is_ascii_alphanumeric);
                let id = || {
                    let mut id = String::from("custom:");
                    id.push_str(c.name());
                    id
                };
                let whole = if lens.contains(&n) {
                    checked(text, body - p.len(), p.len(), n, false, id)
                } else {
                    None
                };
                match whole {
                    Some(f) if f.verified => return Some(f),
                    _ => {
                        if let Some(f) = wrapped(text, body - p.len(), p.len(), lens, id) {
                            return Some(f);
                        }
                        look_alike = look_alike.or(whole);
                    }
                }
            }
        }
        let found = if let Some(classic) = t
            .checked_sub(3)
            .and_then(|s| Classic::from_token_prefix(&text[s..]))
        {
            let n = run(text, body, CLASSIC_LEN - 4, u8::is_ascii_alphanumeric);
            let id = || classic.id().into();
            match n.cmp(&(CLASSIC_LEN - 4)) {
                core::cmp::Ordering::Equal => checked(text, t - 3, 4, n, false, id),
                core::cmp::Ordering::Less => {
                    wrapped(text, t - 3, 4, CLASSIC_LEN - 4..=CLASSIC_LEN - 4, id)
                }
                core::cmp::Ordering::Greater => None,
            }
        } else if head.ends_with(FINE_GRAINED_PREFIX.as_bytes()) {
            fine_grained(text, body)
        } else if head.ends_with(b"npm_") {
            shape(
                text,
                t - 3,
                4,
                36..=36,
                u8::is_ascii_alphanumeric,
                false,
                "npm",
            )
        } else if head.ends_with(b"hf_") {
            shape(
                text,
                t - 2,
                3,
                34..=34,
                u8::is_ascii_alphabetic,
                false,
                "huggingface",
            )
        } else if t >= 7 && is_stripe_prefix(&text[t - 7..body]) {
            let lens = STRIPE_MIN..=STRIPE_MAX;
            shape(
                text,
                t - 7,
                8,
                lens,
                u8::is_ascii_alphanumeric,
                false,
                "stripe",
            )
        } else {
            None
        };
        found.or(look_alike)
    }
}

/// Formats whose prefix ends with the `-` at `t`.
fn hyphen(text: &[u8], t: usize) -> Option<Finding> {
    let head = &text[..=t];
    if head.ends_with(b"glpat-") {
        shape(text, t - 5, 6, 20..=20, is_dashed, true, "gitlab_pat")
    } else if head.ends_with(b"pypi-") && text[t + 1..].starts_with(PYPI_HEADER) {
        let lens = PYPI_HEADER.len() + PYPI_MIN..=PYPI_HEADER.len() + PYPI_MAX;
        shape(text, t - 4, 5, lens, is_dashed, true, "pypi")
    } else if t >= 4
        && head[t - 4..t - 1] == *b"xox"
        && matches!(head[t - 1], b'a' | b'b' | b'p' | b'r' | b's')
        && text.get(t + 1).is_some_and(u8::is_ascii_digit)
    {
        let is_slack = |b: &u8| b.is_ascii_alphanumeric() || *b == b'-';
        shape(
            text,
            t - 4,
            5,
            SLACK_MIN..=SLACK_MAX,
            is_slack,
            true,
            "slack",
        )
    } else {
        None
    }
}

/// `AKIA` + 16 of `[0-9A-Z]`, found at its `K`.
fn aws(text: &[u8], t: usize) -> Option<Finding> {
    let s = t.checked_sub(1)?;
    if text.get(s..s + 4)? != b"AKIA" {
        return None;
    }
    let upper = |b: &u8| b.is_ascii_uppercase() || b.is_ascii_digit();
    shape(text, s, 4, 16..=16, upper, false, "aws_access_key_id")
}

fn fine_grained(text: &[u8], body: usize) -> Option<Finding> {
    let body_len = FINE_GRAINED_LEN - FINE_GRAINED_PREFIX.len();
    let n = run(text, body, body_len, |b| {
        b.is_ascii_alphanumeric() || *b == b'_'
    });
    let separator = body + FINE_GRAINED_FIRST;
    let shaped = n == body_len
        && text[body..body + n]
            .iter()
            .enumerate()
            .all(|(i, &b)| (body + i == separator) == (b == b'_'));
    if !shaped {
        return None;
    }
    let s = body - FINE_GRAINED_PREFIX.len();
    let reason = Some(Reason::ShapeOnly);
    finding(
        text,
        s..body + n,
        FINE_GRAINED_PREFIX.len(),
        false,
        reason,
        || "github_pat".into(),
    )
}

fn is_stripe_prefix(p: &[u8]) -> bool {
    matches!(p, [b's' | b'r', b'k', b'_', rest @ ..] if rest == b"test_" || rest == b"live_")
}

fn is_dashed(b: &u8) -> bool {
    b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-'
}

/// A shape-only candidate: a prefix of `prefix_len` bytes at `s`, then a maximal run of
/// `allowed` whose length is in `lens`.
fn shape(
    text: &[u8],
    s: usize,
    prefix_len: usize,
    lens: core::ops::RangeInclusive<usize>,
    allowed: fn(&u8) -> bool,
    dashed: bool,
    id: &'static str,
) -> Option<Finding> {
    if !left_free(text, s, dashed) {
        return None;
    }
    let body = s + prefix_len;
    let n = run(text, body, *lens.end(), allowed);
    if !lens.contains(&n) {
        return None;
    }
    finding(
        text,
        s..body + n,
        prefix_len,
        dashed,
        Some(Reason::ShapeOnly),
        || id.into(),
    )
}

/// A candidate whose last 6 body characters are the checksum of the rest of the body.
fn checked(
    text: &[u8],
    s: usize,
    prefix_len: usize,
    n: usize,
    dashed: bool,
    id: impl FnOnce() -> String,
) -> Option<Finding> {
    let body = s + prefix_len;
    let split = body + n - checksum::LEN;
    let ok = checksum::matches(&text[body..split], &text[split..body + n]);
    let reason = (!ok).then_some(Reason::ChecksumMismatch);
    finding(text, s..body + n, prefix_len, dashed, reason, id)
}

/// Applies the boundary rule and builds the finding.
fn finding(
    text: &[u8],
    range: Range<usize>,
    prefix_len: usize,
    dashed: bool,
    reason: Option<Reason>,
    id: impl FnOnce() -> String,
) -> Option<Finding> {
    if !stands_alone(text, &range, dashed) {
        return None;
    }
    let token = text.get(range.clone())?;
    Some(build(text, range, token, prefix_len, reason, id))
}

/// The boundary rule (see the module documentation).
fn stands_alone(text: &[u8], range: &Range<usize>, dashed: bool) -> bool {
    left_free(text, range.start, dashed) && text.get(range.end).is_none_or(|&b| !joins(b, dashed))
}

/// The left half of the boundary rule. Checked before a body is read, too: inside a long run
/// (`xoxb-1xoxb-1…`) every later prefix fails here at once instead of re-reading the run.
fn left_free(text: &[u8], s: usize, dashed: bool) -> bool {
    s == 0 || !joins(text[s - 1], dashed) || after_escape(&text[..s])
}

fn joins(b: u8, dashed: bool) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || (dashed && b == b'-')
}

fn build(
    text: &[u8],
    range: Range<usize>,
    token: &[u8],
    prefix_len: usize,
    reason: Option<Reason>,
    id: impl FnOnce() -> String,
) -> Finding {
    // Before a `-`, the last characters are hidden too: kept, `xoxb` or `pypi` would start a new
    // (Slack, PyPI) candidate with that `-` once the bullets cut them loose, and a second
    // redaction would change the text again.
    let keep_last = text.get(range.end) != Some(&b'-');
    Finding {
        masked: masked(token, prefix_len, keep_last),
        format: id(),
        verified: reason.is_none(),
        reason,
        range,
    }
}

/// Line breaks a wrapped token may span (a 40-character token wrapped at 5 columns).
const MAX_BREAKS: usize = 8;

/// A checksummed token broken over lines (hard-wrapped text, a copied terminal): alphanumeric
/// pieces joined across single line breaks (`\n` or `\r\n`) or spaces, the first piece ending
/// its line.
/// Reported only when the joined token's checksum matches — two unrelated fragments match by
/// chance once in 2^32 — with the range covering the pieces and the breaks between them.
fn wrapped(
    text: &[u8],
    s: usize,
    prefix_len: usize,
    lens: core::ops::RangeInclusive<usize>,
    id: impl FnOnce() -> String,
) -> Option<Finding> {
    let max = *lens.end();
    // Most short candidates (`ghp_xxxx` in docs) do not end their line: decided before any
    // buffer is allocated.
    let first = s + prefix_len + run(text, s + prefix_len, max, u8::is_ascii_alphanumeric);
    if !matches!(text.get(first), Some(b'\n' | b'\r' | b' ')) {
        return None;
    }
    let mut token = zeroize::Zeroizing::new(Vec::with_capacity(prefix_len + max));
    token.extend_from_slice(text.get(s..s + prefix_len)?);
    let mut at = s + prefix_len;
    for breaks in 0..=MAX_BREAKS {
        let room = max - (token.len() - prefix_len);
        let n = run(text, at, room, u8::is_ascii_alphanumeric);
        if n > room {
            return None;
        }
        token.extend_from_slice(&text[at..at + n]);
        at += n;
        let body = token.len() - prefix_len;
        if breaks > 0 && lens.contains(&body) && stands_alone(text, &(s..at), false) {
            let split = token.len() - checksum::LEN;
            if checksum::matches(&token[prefix_len..split], &token[split..]) {
                return Some(build(text, s..at, &token, prefix_len, None, id));
            }
        }
        let line_break = match text.get(at..) {
            // A space too: Chrome hands a selection to extensions with its line breaks
            // replaced by spaces (crbug.com/116429), and reflowed text does the same.
            Some([b'\n' | b' ', ..]) => 1,
            Some([b'\r', b'\n', ..]) => 2,
            _ => return None,
        };
        if !text
            .get(at + line_break)
            .is_some_and(u8::is_ascii_alphanumeric)
        {
            return None;
        }
        at += line_break;
    }
    None
}

/// The masked form of a candidate (ASCII by construction, so a byte is a character): its
/// prefix, then the body hidden with [`crate::mask()`]'s rule — the last 4 characters kept
/// only when at least 12 follow the prefix (and `keep_last`).
fn masked(token: &[u8], prefix_len: usize, keep_last: bool) -> String {
    let (prefix, body) = token.split_at(prefix_len.min(token.len()));
    let keep = if keep_last && body.len() >= MIN_HIDDEN_FOR_LAST4 {
        KEEP_LAST
    } else {
        0
    };
    let (hidden, kept) = body.split_at(body.len() - keep);
    let mut out = String::with_capacity(token.len() * MASK_CHAR.len_utf8());
    out.extend(prefix.iter().map(|&b| char::from(b)));
    out.extend(hidden.iter().map(|_| MASK_CHAR));
    out.extend(kept.iter().map(|&b| char::from(b)));
    out
}

/// Whether `head` ends with an escape sequence (`\n`, `\uXXXX`, `%XX`) that glued its last
/// character to what follows.
fn after_escape(head: &[u8]) -> bool {
    let hex = |b: &u8| b.is_ascii_hexdigit();
    match head {
        [.., b'\\', b'n' | b'r' | b't' | b'b' | b'f'] => true,
        [.., b'%', a, b] => hex(a) && hex(b),
        [.., b'\\', b'u', a, b, c, d] => [a, b, c, d].into_iter().all(hex),
        _ => false,
    }
}

/// Length of the run of `allowed` bytes at `from`, counting at most `max + 1` (enough to
/// reject a run that is too long, and what keeps the scan linear).
fn run(text: &[u8], from: usize, max: usize, allowed: fn(&u8) -> bool) -> usize {
    text.get(from..)
        .unwrap_or_default()
        .iter()
        .take(max + 1)
        .take_while(|b| allowed(b))
        .count()
}

/// The next `_`, `-` or `K` in `text[from..stop]`.
///
/// `memchr3`: SIMD natively, word-at-a-time in wasm. Measured against a hand-written 8-byte SWAR
/// search: 93 B smaller gzipped in the scanner package, 1.26× its wasm scan throughput on the
/// 10 MB benchmark log, and on par natively.
fn next_trigger(text: &[u8], from: usize, stop: usize) -> Option<usize> {
    let hay = text.get(from..stop)?;
    memchr::memchr3(b'_', b'-', b'K', hay).map(|p| from + p)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Public fixtures of DataDog's sensitive data scanner, not live tokens.
    const GHP: &str = "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";
    const GHP_BAD: &str = "ghp_M7H4jxUDDWHP4kZ6A4dxlQYsQIWJuq11T4V3";

    fn ids(text: &str) -> Vec<(Range<usize>, String, bool)> {
        scan(text)
            .into_iter()
            .map(|f| (f.range, f.format, f.verified))
            .collect()
    }

    #[test]
    fn classic_verified_and_look_alike() {
        assert_eq!(ids(GHP), [(0..40, "ghp".into(), true)]);
        let f = &scan(GHP_BAD)[0];
        assert!(!f.verified);
        assert_eq!(f.reason, Some(Reason::ChecksumMismatch));
        assert_eq!(f.masked, crate::mask(GHP_BAD));
        let aws = &scan("AKIAIOSFODNN7EXAMPLE")[0];
        assert_eq!(aws.masked, "AKIA••••••••••••MPLE");
    }

    #[test]
    fn boundaries() {
        // Glued to a word character on either side: not a candidate.
        for text in [
            format!("x{GHP}"),
            format!("{GHP}x"),
            format!("_{GHP}"),
            format!("{GHP}_"),
            format!("9{GHP}"),
        ] {
            assert_eq!(ids(&text), [], "{text}");
        }
        // Punctuation, spaces, `-` (for formats without it) and non-ASCII are boundaries.
        for (text, start) in [
            (format!("\"{GHP}\""), 1),
            (format!("-{GHP}-"), 1),
            (format!("トークン{GHP}。"), 12),
            (format!("a\\n{GHP}"), 3),
            (format!("x\\u003d{GHP}"), 7),
            (format!("token%3D{GHP}%26"), 8),
        ] {
            assert_eq!(
                ids(&text),
                [(start..start + 40, "ghp".into(), true)],
                "{text}"
            );
        }
        // For formats with `-` in their body, `-` joins too.
        assert_eq!(ids("x-glpat-abcdefghij0123456789"), []);
        assert_eq!(ids("glpat-abcdefghij0123456789-"), []);
        assert_eq!(ids(" glpat-abcdefghij0123456789 ").len(), 1);
    }

    #[test]
    fn every_shape() {
        let pypi = format!("pypi-AgEIcHlwaS5vcmc{}", "x".repeat(60));
        let fg = format!("github_pat_{}_{}", "A".repeat(22), "b".repeat(59));
        let cases = [
            (fg.as_str(), "github_pat"),
            ("glpat-abcdefghij0123456789", "gitlab_pat"),
            ("npm_abcdefghijklmnopqrstuvwxyz0123456789", "npm"),
            (pypi.as_str(), "pypi"),
            ("xoxb-123456789012-1234567890123-abcdefghijkl", "slack"),
            ("sk_live_abcdefghijklmnopqrstuvwx", "stripe"),
            ("rk_test_abcdefghijklmnopqrstuvwx", "stripe"),
            ("AKIAIOSFODNN7EXAMPLE", "aws_access_key_id"),
            ("hf_abcdefghijklmnopqrstuvwxyzABCDEFGH", "huggingface"),
        ];
        for (token, id) in cases {
            let text = format!("k={token}\n");
            let found = scan(&text);
            assert_eq!(found.len(), 1, "{token}");
            assert_eq!(found[0].range, 2..2 + token.len(), "{token}");
            assert_eq!(found[0].format, id);
            assert_eq!(found[0].reason, Some(Reason::ShapeOnly));
            assert!(!redact(&text).contains(token));
            // One character more or less is not the shape (for the fixed-length ones).
            let longer = format!("k={token}A\n");
            if !matches!(id, "pypi" | "slack" | "stripe") {
                assert_eq!(scan(&longer), [], "{longer}");
            }
        }
    }

    #[test]
    fn near_misses() {
        for text in [
            "xoxb-your-token-here",
            "pypi-AgEIcHlwaS5vcmcshort",
            "AKIAIOSFODNN7EXAMPL",
            "hf_abcdefghijklmnopqrstuvwxyzABCDE1",
            "sk_live_short",
            "ghp_",
            "ghp_ghp_ghp_",
        ] {
            assert_eq!(ids(text), [], "{text}");
        }
    }

    #[test]
    fn wrapped_tokens_are_joined_when_the_checksum_proves_them() {
        for eol in ["\n", "\r\n"] {
            for cut in 1..GHP.len() {
                let (a, b) = GHP.split_at(cut);
                let text = format!("token: {a}{eol}{b} end");
                let found = scan(&text);
                let end = 7 + GHP.len() + eol.len();
                if cut < 4 {
                    // The prefix itself is broken: not a candidate.
                    assert_eq!(found, [], "{text:?}");
                    continue;
                }
                assert_eq!(ids(&text), [(7..end, "ghp".into(), true)], "{text:?}");
                assert_eq!(found[0].masked, crate::mask(GHP));
                assert_eq!(redact(&text), format!("token: {} end", crate::mask(GHP)));
            }
        }
        // Wrapped at 10 columns: four pieces, three breaks.
        let lines: Vec<&str> = GHP
            .as_bytes()
            .chunks(10)
            .map(|c| core::str::from_utf8(c).unwrap())
            .collect();
        let text = format!("{}\nnext line", lines.join("\n"));
        assert_eq!(ids(&text), [(0..43, "ghp".into(), true)]);
        // A selection whose line breaks became spaces (Chrome's selectionText).
        let (a, b) = GHP.split_at(20);
        assert_eq!(
            ids(&format!("see {a} {b} ok")),
            [(4..45, "ghp".into(), true)]
        );
        // Not joined: a look-alike, an indented continuation, a piece that does not end its
        // line, a prefix glued to a word.
        let (a, b) = GHP_BAD.split_at(20);
        assert_eq!(ids(&format!("{a}\n{b}")), []);
        assert_eq!(ids(&format!("{a} {b}")), []);
        let (a, b) = GHP.split_at(20);
        assert_eq!(ids(&format!("{a}\n  {b}")), []);
        assert_eq!(ids(&format!("{a} x\n{b}")), []);
        assert_eq!(ids(&format!("x{a}\n{b}")), []);
        // A whole token followed by a line of text is not extended.
        assert_eq!(ids(&format!("{GHP}\nabc")), [(0..40, "ghp".into(), true)]);
    }

    #[test]
    fn a_token_glued_elsewhere_stays_there() {
        // Found by fuzzing: the boundary rule applies per occurrence.
        let text = format!("{GHP} and x{GHP}");
        let out = redact(&text);
        assert_eq!(out, format!("{} and x{GHP}", crate::mask(GHP)));
        assert_eq!(redact(&out), out);
    }

    #[test]
    fn custom_prefixes_are_verified_by_checksum() {
        let format: Format = "custom:acme".parse().unwrap();
        let random = "0123456789abcdefghijklmnopqrst";
        let token = format!("acme_{random}{}", {
            let c = checksum::compute(random.as_bytes());
            String::from_utf8(c.to_vec()).unwrap()
        });
        let scanner = Scanner::with_formats(&[format]);
        let found = scanner.scan(&format!("A {token} B"));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].format, "custom:acme");
        assert!(found[0].verified);
        // Not registered: no candidate (it is not a known shape).
        assert_eq!(scan(&token), []);
        // Wrapped, with a line of text after it.
        let wrapped = format!("{}\r\n{}\r\nmore text", &token[..12], &token[12..]);
        let found = scanner.scan(&wrapped);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].range, 0..token.len() + 2);
        assert!(found[0].verified);
    }

    #[test]
    fn redact_is_idempotent_and_keeps_the_rest() {
        let text = format!("a {GHP} b {GHP_BAD}\r\nAKIAIOSFODNN7EXAMPLE é");
        let once = redact(&text);
        assert_eq!(redact(&once), once);
        assert!(!once.contains(GHP) && !once.contains(GHP_BAD));
        assert!(once.starts_with("a ghp_") && once.ends_with("MPLE é"));
        assert!(once.contains("\r\n"));
        assert_eq!(redact("nothing here_-K"), "nothing here_-K");
    }

    #[test]
    fn windows_find_each_candidate_once() {
        let text = format!("{GHP} x {GHP} y AKIAIOSFODNN7EXAMPLE");
        let whole = scan(&text);
        for cut in 0..text.len() {
            let mut out = Vec::new();
            let next = Scanner::default().scan_window(text.as_bytes(), 0, cut, &mut out);
            Scanner::default().scan_window(text.as_bytes(), next, text.len(), &mut out);
            assert_eq!(out, whole, "cut at {cut}");
        }
    }
}
