//! The leak scanner: finds token-shaped runs in any text, proves the ones whose format carries a
//! checksum, and redacts them.
//!
//! # The rules
//!
//! **A checksum-proven token is found and masked wherever its characters stand.** Formats with
//! a checksum (GitHub's classic family, npm, registered custom prefixes, GitLab's routable
//! tokens) are found whatever is glued to them on either side (`GITHUB_TOKEN_ghp_…`,
//! `ghp_…_old`, `%253Dghp_…`, `=3Dghp_…`, `\x3dghp_…`), and their characters are read across
//! gaps of up to 128 bytes: line breaks (U+2028, U+2029 and NEL too) with the indentation or
//! `> ` quoting after them — and the prefix a log repeats at the start of the next line (a CI
//! timestamp, `| `, a step name: `join::repeated`) — spaces, tabs and no-break spaces,
//! quoted-printable soft line breaks, shell continuations, the `\` Markdown puts before `_`
//! and `-` (`ghp\_…`), ANSI colour and erase-line escapes (`grep --color`, CI logs) and
//! invisible format characters (zero-width space, joiners, BOM, soft hyphen, bidirectional
//! marks, embeddings and isolates, invisible operators, variation selectors, tag characters),
//! inside the prefix too (`gh` + line break + `p_…`): see `src/scan/join.rs`. The checksum,
//! not the boundary, proves them: unrelated characters match by chance once in 2^32.
//!
//! **Shape-only formats must stand alone**: the byte before and after must not be a character
//! that could belong to a token — an ASCII letter, digit or `_`, `-` for formats whose body uses
//! `-`, and `•`, the mask character (so a masked form never makes a new candidate of the text
//! around it). A JSON/C escape (`\n`, `\uXXXX`) or a percent escape (`%3D`) before a candidate
//! counts as a boundary. Bodies are maximal runs: a run longer than its format allows is a blob,
//! not a token. Without a checksum, joining fragments would be a guess, so they are not joined
//! — but for a fine-grained `github_pat_` token wrapped once, at a fixed column or by a
//! quoted-printable soft break, whose two pieces have the exact shape: the first stands alone
//! on its left and ends its line, the second starts the next line and stands alone on its
//! right, and together they are its 93 characters with the `_` in place.
//!
//! Deliberate transformations are out of scope: look-alike characters (homoglyphs, fullwidth
//! forms), reversed text, a token encoded whole (percent-, base64- or otherwise) — only the
//! escapes glued before a token listed above are read.
//!
//! **Overlaps never hide a proven token**: a shape-only candidate that runs into a proven token
//! is cut where the token starts, and a proven token that runs into another is extended over it.
//!
//! A candidate of a checksummed format whose checksum does not match is reported when it stands
//! alone, with `verified: false` and [`Reason::ChecksumMismatch`]: a look-alike, or a token with a
//! typo, never claimed as proven. A prefix of a checksummed format or `github_pat_` and 8 or more
//! body characters, too few for the format, that stand alone on the left and end their line are
//! reported with [`Reason::Partial`]: the rest of a wrapped token may be on the next line where
//! it was not joined (shape-only pieces, a line prefix that differs), and saying nothing would
//! read as "no token here".
//!
//! Recognised formats (ids as in [`Finding::format`]); the data is in `src/scan/formats.rs`,
//! with the vendors' sources:
//!
//! | id | shape | proof |
//! |----|-------|-------|
//! | `ghp` `gho` `ghu` `ghs` `ghr` | prefix + 30 alphanumerics + 6-character CRC32 | checksum |
//! | `npm` | `npm_` + 30 alphanumerics + 6-character CRC32 (GitHub's rule) | checksum |
//! | `custom:<name>` | a registered `<name>_` + 16–128 alphanumerics + checksum | checksum |
//! | `gitlab_pat` | `glpat-` + 27–300 of `[0-9A-Za-z_-]` + `.` + [2 + `.`] + 2 + 7-character base36 CRC32 | checksum |
//! | `gitlab_pat` | `glpat-` + 20 of `[0-9A-Za-z_-]` (legacy) | shape only |
//! | `ghs` | `ghs_` + app id + `_` + JWT (2026 installation tokens, up to 1024 characters) | shape only |
//! | `github_pat` | `github_pat_` + 22 alphanumerics + `_` + 59 alphanumerics | shape only |
//! | `pypi` | `pypi-AgEIcHlwaS5vcmc` + 49 to 1024 of `[0-9A-Za-z_-]` | shape only |
//! | `slack` | `xox[abprs]-` + a digit + 19 to 254 of `[0-9A-Za-z-]` | shape only |
//! | `slack_webhook` | `https://hooks.slack.com/services/T…/B…/` + 24 alphanumerics | shape only |
//! | `stripe` | `(sk\|rk)_(test\|live)_` + 20 to 247 alphanumerics | shape only |
//! | `aws_access_key_id` | `AKIA` + 16 of `[0-9A-Z]` | shape only |
//! | `huggingface` | `hf_` + 34 letters | shape only |
//! | `openai` | `sk-proj-`, `sk-svcacct-`, `sk-admin-` + 124–164 of `[0-9A-Za-z_-]` holding `T3BlbkFJ`; legacy `sk-` + 48 | shape only |
//! | `anthropic` | `sk-ant-api03-`, `sk-ant-admin01-` + 93 of `[0-9A-Za-z_-]` + `AA` | shape only |
//! | `google_api_key` | `AIza` + 35 of `[0-9A-Za-z_-]` | shape only |
//! | `shopify` | `shpat_`, `shpss_`, `shpca_`, `shppa_` + 32 hex | shape only |
//! | `supabase` | `sb_secret_` + 31–64 of `[0-9A-Za-z_-]` | shape only |
//! | `doppler` | `dp.pt.`, `dp.st.`, `dp.ct.`, `dp.sa.`, `dp.scim.`, `dp.audit.` + 40–44 alphanumerics | shape only |
//! | `private_key` | a PEM `-----BEGIN … PRIVATE KEY-----` block to its `-----END` line, redacted whole | shape only |
//!
//! Masked forms keep the prefix and the last 4 characters, by `mask::compose` (the
//! rule of [`crate::mask()`]); a proven token read across gaps is masked on one line. So
//! [`Scanner::redact`] is idempotent: masked forms hold `•`, which no format allows.
//!
//! The scan is one pass: it stops only at the bytes `_ - . K z` (every prefix holds one; found
//! 64 bytes at a time natively, by a byte loop in wasm), matches a prefix there, reads a body of
//! bounded length and skips past each finding, so it is linear in the text whatever the input.

use core::ops::Range;

mod formats;
mod join;
#[cfg(not(target_arch = "wasm32"))]
mod stream;
#[cfg(not(target_arch = "wasm32"))]
pub use stream::Located;

use crate::base62;
use crate::checksum;
use crate::format::{Custom, Format, CUSTOM_RANDOM_MAX, CUSTOM_RANDOM_MIN, FINE_GRAINED_FIRST};
use formats::{Class, Extra, Proof, Spec, SPECS, TRIGGERS};
use join::MAX_GAP;

/// Why a finding is not verified.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    /// The format has no checksum: the finding matches the shape only.
    ShapeOnly,
    /// The format has a checksum and it does not match: a look-alike, or a token with a typo.
    ChecksumMismatch,
    /// A prefix and the start of a body that end their line too short for the format: a
    /// possible partial token, whose rest may stand on the next line in a way that is not
    /// joined (the masked form hides the whole body).
    Partial,
}

impl Reason {
    /// Stable code: `shape_only`, `checksum_mismatch` or `partial`.
    pub fn code(self) -> &'static str {
        match self {
            Reason::ShapeOnly => "shape_only",
            Reason::ChecksumMismatch => "checksum_mismatch",
            Reason::Partial => "partial",
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

/// Bytes from a prefix's first character to its last, gaps included (a custom prefix of 17
/// characters with a gap between each two).
const PREFIX_SPAN: usize = PREFIX_MAX + (PREFIX_MAX - 1) * MAX_GAP;

/// The longest prefix of a proven format, in characters (a custom one of 16 and its `_`).
const PREFIX_MAX: usize = 17;

/// Bytes of the longest proven token read across gaps: its prefix, then a gap before each
/// body character (GitLab's 313 are the most).
const PROVEN_SPAN: usize = PREFIX_SPAN + formats::PROVEN_BODY_MAX * (1 + MAX_GAP);

/// The longest candidate in bytes (a PEM block at its bound, or two proven tokens read across
/// gaps and masked together), plus the look-ahead that decides overlaps. A streaming caller
/// that keeps this many bytes, plus [`LEFT_CONTEXT`] before and one after, never cuts a
/// candidate.
pub const MAX_CANDIDATE_LEN: usize = max(formats::PEM_MAX + 128, 2 * PROVEN_SPAN) + 2 * PREFIX_SPAN;

const fn max(a: usize, b: usize) -> usize {
    if a > b {
        a
    } else {
        b
    }
}

/// Bytes of text before a candidate that decide it: its left boundary (`\uXXXX` is 6), and
/// the start of its line, whose prefix a wrapped token's next line may repeat: looked for
/// `join::LINE_BACK` bytes back, and the byte before those tells whether one of them starts it.
pub const LEFT_CONTEXT: usize = join::LINE_BACK + 1;

/// Fewest body characters of a possible partial token ([`Reason::Partial`]): a bare prefix at
/// a line's end (`tokens start with ghp_`) is no fragment of one.
const PARTIAL_MIN: usize = 8;

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
#[derive(Clone, Debug)]
pub struct Scanner {
    custom: Vec<Custom>,
    /// For each byte, one bit per trigger byte (in [`TRIGGERS`] order) that a prefix may end
    /// or be anchored at when this byte stands one (two) places before it: most stop bytes of
    /// a log are rejected by these two lookups.
    before: [[u8; 256]; 2],
}

impl Default for Scanner {
    fn default() -> Scanner {
        Scanner::with_formats(&[])
    }
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

/// Characters of a custom token's body (random part and checksum).
const CUSTOM_MIN: usize = CUSTOM_RANDOM_MIN + checksum::LEN;
const CUSTOM_MAX: usize = CUSTOM_RANDOM_MAX + checksum::LEN;

/// One format to try at a trigger: a catalogue entry or a registered custom prefix.
#[derive(Clone, Copy)]
struct Try<'a> {
    id: &'a str,
    custom: bool,
    prefix: &'a [u8],
    class: Class,
    min: usize,
    max: usize,
    proof: Proof,
    extra: Extra,
    /// Whether the masked form shows the prefix.
    prefix_shown: bool,
}

impl<'a> Try<'a> {
    fn of(spec: &'a Spec) -> Try<'a> {
        Try {
            id: spec.id,
            custom: false,
            prefix: spec.prefix.as_bytes(),
            class: spec.class,
            min: usize::from(spec.min),
            max: usize::from(spec.max),
            proof: spec.proof,
            extra: spec.extra,
            prefix_shown: true,
        }
    }

    fn custom(c: &'a Custom) -> Try<'a> {
        Try {
            id: c.name(),
            custom: true,
            prefix: c.prefix().as_bytes(),
            class: Class::Alnum,
            min: CUSTOM_MIN,
            max: CUSTOM_MAX,
            proof: Proof::Crc62,
            extra: Extra::None,
            prefix_shown: true,
        }
    }

    fn id(&self) -> String {
        if self.custom {
            let mut id = String::with_capacity(7 + self.id.len());
            id.push_str("custom:");
            id.push_str(self.id);
            id
        } else {
            self.id.to_owned()
        }
    }
}

impl Scanner {
    /// A scanner for the built-in formats and the custom formats in `formats` (other formats
    /// in the list are built in already and ignored).
    pub fn with_formats(formats: &[Format]) -> Scanner {
        let custom: Vec<Custom> = formats
            .iter()
            .filter_map(|f| match f {
                Format::Custom(c) => Some(c.clone()),
                _ => None,
            })
            .collect();
        let mut before = formats::BEFORE;
        for c in &custom {
            let p = c.prefix().as_bytes();
            before[0][usize::from(p[p.len() - 2])] |= 1;
            before[1][usize::from(p[p.len() - 3])] |= 1;
            before[1][usize::from(p[p.len() - 2])] |= 1;
        }
        Scanner { custom, before }
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
        let mut triggers = Triggers::new(self, text, from, until.saturating_add(PREFIX_SPAN));
        while let Some(t) = triggers.next_from(resume) {
            let Some(mut f) = self.candidate_at(text, t) else {
                continue;
            };
            if f.range.start < resume || f.range.start >= until {
                continue;
            }
            let mut from = t + 1;
            while let Some((u, p)) = self.proven_inside(text, from, &f) {
                if !f.verified {
                    // A shape-only run that reaches into a proven token: cut where the token
                    // starts (it is found next), its part before masked without its last 4.
                    cut(text, &mut f, p.range.start);
                    break;
                }
                // Proven tokens glued to each other (the last characters of one are the
                // prefix of the next): masked together.
                if p.range.end > f.range.end {
                    f.masked = joined_mask(text, &f, &p);
                    f.range.end = p.range.end;
                }
                from = u + 1;
            }
            resume = f.range.end;
            out.push(f);
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

    /// Calls `each` with the formats whose prefix may end or be anchored at the trigger `t`
    /// (and where that trigger stands in the prefix), until it returns a finding. `proven_only`
    /// skips the shape-only formats.
    fn tries(
        &self,
        text: &[u8],
        t: usize,
        proven_only: bool,
        each: &mut dyn FnMut(&Try<'_>, usize) -> Option<Finding>,
    ) -> Option<Finding> {
        if text[t] == b'_' {
            for c in &self.custom {
                if let Some(f) = each(&Try::custom(c), c.prefix().len() - 1) {
                    return Some(f);
                }
            }
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            // Only the entries the byte tables admit: the others cannot match here
            // (`may_precede`), and the bits keep the catalogue's order.
            let mut m = specs_at(text, t);
            if proven_only {
                m &= formats::PROVEN_MASK;
            }
            while m != 0 {
                let s = &SPECS[m.trailing_zeros() as usize];
                m &= m - 1;
                if let Some(f) = each(&Try::of(s), usize::from(s.anchor)) {
                    return Some(f);
                }
            }
            None
        }
        #[cfg(target_arch = "wasm32")]
        self.tries_bytewise(text, t, proven_only, each)
    }

    /// [`Scanner::tries`]'s catalogue loop in wasm: each entry's key compared, no tables.
    #[cfg(any(target_arch = "wasm32", test))]
    fn tries_bytewise(
        &self,
        text: &[u8],
        t: usize,
        proven_only: bool,
        each: &mut dyn FnMut(&Try<'_>, usize) -> Option<Finding>,
    ) -> Option<Finding> {
        let b = text[t];
        let prev = if t > 0 { text[t - 1] } else { 0 };
        let gapped = join::gap_end(prev);
        let specs = if proven_only {
            &SPECS[..formats::PROVEN]
        } else {
            SPECS
        };
        for (i, s) in specs.iter().enumerate() {
            if s.key[0] != b {
                continue;
            }
            let wrapped = s.extra == Extra::FineGrained && prev == b'\n';
            if s.key[1] == prev || s.anchor == 0 || (i < formats::PROVEN && gapped) || wrapped {
                if let Some(f) = each(&Try::of(s), usize::from(s.anchor)) {
                    return Some(f);
                }
            }
        }
        None
    }

    /// Whether some prefix may end or be anchored at the trigger `t`, by the two bytes before
    /// it.
    #[inline]
    fn may_start(&self, text: &[u8], t: usize) -> bool {
        // Natively without a branch on the tables' answer: called for every trigger of a
        // chunk before any is tried (`Triggers`). Custom prefixes end at `_`.
        #[cfg(not(target_arch = "wasm32"))]
        return (specs_at(text, t) != 0)
            | (!self.custom.is_empty() && text[t] == b'_' && self.before_admits(text, t));
        #[cfg(target_arch = "wasm32")]
        self.before_admits(text, t)
    }

    /// The per-trigger [`formats::BEFORE`] tables, with the custom prefixes' bytes.
    fn before_admits(&self, text: &[u8], t: usize) -> bool {
        let k = TRIGGERS.iter().position(|&b| b == text[t]).unwrap_or(0);
        let at = |back: usize| usize::from(t.checked_sub(back).map_or(0, |i| text[i]));
        self.before[0][at(1)] & self.before[1][at(2)] & (1 << k) != 0
    }

    /// The candidate at the trigger `t`: a proven token first, else a shape or look-alike.
    fn candidate_at(&self, text: &[u8], t: usize) -> Option<Finding> {
        self.proven_at(text, t, usize::MAX).or_else(|| {
            self.tries(text, t, false, &mut |f, anchor| {
                shaped(text, t.checked_sub(anchor)?, f)
            })
        })
    }

    /// A checksum-proven token whose prefix ends at `t`, read through gaps, if it starts
    /// before `before`.
    fn proven_at(&self, text: &[u8], t: usize, before: usize) -> Option<Finding> {
        if !matches!(text[t], b'_' | b'-') {
            return None;
        }
        self.tries(text, t, true, &mut |f, _| proven(text, t, f, before))
    }

    /// The first proven token that starts inside `f` (found at the trigger `t`) after the
    /// trigger `from`, with its own trigger.
    fn proven_inside(&self, text: &[u8], from: usize, f: &Finding) -> Option<(usize, Finding)> {
        let mut triggers = Triggers::new(self, text, from, f.range.end.saturating_add(PREFIX_SPAN));
        let (mut after, mut counted) = (0, f.range.end);
        while let Some(u) = triggers.next_from(from) {
            // A token that starts inside `f` has at most its prefix's characters after it, with
            // only gaps between them: once more bytes that no gap holds stand there, no later
            // trigger can end its prefix. And only such a token is read on. (After a finding per
            // line, possible partial tokens, reading every later one cost 30× the scan.)
            if u > counted {
                after += text[counted..u]
                    .iter()
                    .filter(|&&b| !join::in_gap(b))
                    .count();
                counted = u;
            }
            if after > PREFIX_MAX {
                break;
            }
            if let Some(p) = self.proven_at(text, u, f.range.end) {
                if p.range.start > f.range.start && p.range.start < f.range.end {
                    return Some((u, p));
                }
            }
        }
        None
    }
}

/// The catalogue entries (one bit each) that may end or be anchored at the trigger `t`, by
/// the trigger and the two bytes before it.
#[cfg(not(target_arch = "wasm32"))]
#[inline]
fn specs_at(text: &[u8], t: usize) -> u64 {
    let at = |back: usize| usize::from(t.checked_sub(back).map_or(0, |i| text[i]));
    formats::SPEC_AT[at(0)] & formats::SPEC_BEFORE[0][at(1)] & formats::SPEC_BEFORE[1][at(2)]
}

/// The stops worth trying in `text[..stop]`, in order: the trigger bytes that
/// [`Scanner::may_start`] admits. Natively 64 bytes at a time: one bit per trigger byte in a
/// mask the compiler vectorises, then the admission of every trigger of the mask in a loop
/// that does not branch on it, leaving a mask of the stops to try (a log's stops are mostly
/// rejected, and a branch per stop was mispredicted at each one admitted; a `memchr3` and a
/// `memchr2` call per stop cost more than the stop itself, where one byte in 16 is a
/// trigger); in wasm one byte loop. Each search moves forward only, so the scan stays linear.
struct Triggers<'a> {
    scanner: &'a Scanner,
    text: &'a [u8],
    stop: usize,
    /// Natively: the stops in `text[base..base + 64]` not yet returned, one bit each.
    #[cfg(not(target_arch = "wasm32"))]
    base: usize,
    #[cfg(not(target_arch = "wasm32"))]
    mask: u64,
    at: usize,
}

/// Bytes per [`Triggers`] mask.
#[cfg(not(target_arch = "wasm32"))]
const CHUNK: usize = 64;

/// One bit per trigger byte in `chunk` (at most [`CHUNK`] bytes).
#[cfg(not(target_arch = "wasm32"))]
#[inline]
fn trigger_mask(chunk: &[u8]) -> u64 {
    let is_trigger = |b: u8| {
        u8::from(
            (b == TRIGGERS[0])
                | (b == TRIGGERS[1])
                | (b == TRIGGERS[2])
                | (b == TRIGGERS[3])
                | (b == TRIGGERS[4]),
        )
    };
    let Ok(full) = <&[u8; CHUNK]>::try_from(chunk) else {
        return chunk
            .iter()
            .enumerate()
            .fold(0, |m, (i, &b)| m | u64::from(is_trigger(b)) << i);
    };
    // A fixed-length map the compiler turns into vector compares, then 8 flags (0 or 1, one
    // per byte) gathered into 8 bits by one multiplication each: flag i lands at bit 56 + i
    // and the other partial products stay clear of the top byte.
    let flags: [u8; CHUNK] = full.map(is_trigger);
    flags.chunks_exact(8).enumerate().fold(0, |m, (k, eight)| {
        let x = u64::from_le_bytes(eight.try_into().unwrap_or_default());
        m | (x.wrapping_mul(0x0102_0408_1020_4080) >> 56) << (8 * k)
    })
}

impl<'a> Triggers<'a> {
    fn new(scanner: &'a Scanner, text: &'a [u8], from: usize, stop: usize) -> Triggers<'a> {
        let stop = stop.min(text.len());
        #[allow(unused_mut)]
        let mut triggers = Triggers {
            scanner,
            text,
            stop,
            #[cfg(not(target_arch = "wasm32"))]
            base: from,
            #[cfg(not(target_arch = "wasm32"))]
            mask: 0,
            at: from,
        };
        #[cfg(not(target_arch = "wasm32"))]
        triggers.load(from);
        triggers
    }

    /// Natively: the stops of the chunk at `base`.
    #[cfg(not(target_arch = "wasm32"))]
    #[inline]
    fn load(&mut self, base: usize) {
        self.base = base;
        let chunk = self
            .text
            .get(base..self.stop.min(base.saturating_add(CHUNK)))
            .unwrap_or_default();
        let mut m = trigger_mask(chunk);
        let mut admitted = 0;
        while m != 0 {
            let i = m.trailing_zeros();
            m &= m - 1;
            admitted |= u64::from(self.scanner.may_start(self.text, base + i as usize)) << i;
        }
        self.mask = admitted;
    }

    /// The next stop at or after both `from` and the last one returned.
    #[cfg(not(target_arch = "wasm32"))]
    fn next_from(&mut self, from: usize) -> Option<usize> {
        let from = from.max(self.at);
        loop {
            let skip = from.saturating_sub(self.base);
            if skip < CHUNK {
                let m = self.mask & (u64::MAX << skip);
                if m != 0 {
                    let t = self.base + m.trailing_zeros() as usize;
                    self.mask = m & (m - 1);
                    self.at = t + 1;
                    return Some(t);
                }
            }
            let base = (self.base + CHUNK).max(from);
            if base >= self.stop {
                return None;
            }
            self.load(base);
        }
    }

    /// The next stop at or after both `from` and the last one returned. In wasm a byte
    /// loop: memchr's word-at-a-time searchers for five bytes cost the scanner package 0.3 KB.
    #[cfg(target_arch = "wasm32")]
    fn next_from(&mut self, from: usize) -> Option<usize> {
        self.next_bytewise(from)
    }

    /// The wasm build's search, compiled natively for tests too: it must find what the native
    /// search finds.
    #[cfg(any(target_arch = "wasm32", test))]
    fn next_bytewise(&mut self, from: usize) -> Option<usize> {
        let mut from = from.max(self.at);
        loop {
            let hay = self.text.get(from..self.stop).unwrap_or_default();
            let t = from + hay.iter().position(|b| TRIGGERS.contains(b))?;
            self.at = t + 1;
            if self.scanner.may_start(self.text, t) {
                return Some(t);
            }
            from = t + 1;
        }
    }
}

/// A proven token of the format `f` whose prefix ends at the trigger `t` and starts before
/// `before`.
fn proven(text: &[u8], t: usize, f: &Try<'_>, before: usize) -> Option<Finding> {
    let s = join::prefix_before(text, t + 1, f.prefix).filter(|&s| s < before)?;
    let body = t + 1;
    // A prefix read across a gap is hidden too: once the gap is gone, it could join the text
    // before it into a new candidate.
    let f = &Try {
        prefix_shown: t + 1 - s == f.prefix.len(),
        ..*f
    };
    // Most tokens stand in one piece: prove the contiguous run before reading through gaps.
    let n = run(text, body, f.max, f.class).min(f.max);
    if let Some(len) = prove(f, &text[body..body + n]) {
        let range = s..body + len;
        return Some(found(f, range, &text[body..body + len], true, None));
    }
    if n == f.max || join::gap(text, body + n) == 0 {
        return None;
    }
    let mut chars = zeroize::Zeroizing::new(Vec::with_capacity(f.max));
    let mut ends = Vec::with_capacity(f.max);
    join::read(text, body, s, f.class, f.max, &mut chars, &mut ends);
    let len = prove(f, &chars)?;
    let end = *ends.get(len.checked_sub(1)?)?;
    Some(found(f, s..end, &chars[..len], true, None))
}

/// The body length of `chars` that the proof accepts, if any.
fn prove(f: &Try<'_>, chars: &[u8]) -> Option<usize> {
    match f.proof {
        Proof::Crc62 => crc62_len(chars, f.min, f.max),
        Proof::GitLabCrc36 => match formats::gitlab_routable(f.prefix, chars)? {
            (len, true) => Some(len),
            _ => None,
        },
        Proof::Shape => None,
    }
}

/// The shortest length in `min..=max` at which the last 6 characters of `chars[..len]` are the
/// base62 CRC32 of the ones before: one running CRC over every length.
fn crc62_len(chars: &[u8], min: usize, max: usize) -> Option<usize> {
    if chars.len() < min || min < checksum::LEN {
        return None;
    }
    let mut crc = checksum::digest();
    crc.update(&chars[..min - checksum::LEN]);
    for len in min..=max.min(chars.len()) {
        if len > min {
            crc.update(&chars[len - checksum::LEN - 1..len - checksum::LEN]);
        }
        if let Some(sum) = base62::decode_u32(&chars[len - checksum::LEN..len]) {
            if sum == crc.clone().finalize() {
                return Some(len);
            }
        }
    }
    None
}

/// A shape-only candidate, or the look-alike of a checksummed format, at `s`.
fn shaped(text: &[u8], s: usize, f: &Try<'_>) -> Option<Finding> {
    if f.extra == Extra::FineGrained {
        return fine_grained(text, s, f);
    }
    // Compared from the end: near the trigger a mismatch shows at once (a plain `starts_with`
    // called memcmp for every `…t_` of a log).
    let head = text.get(s..s + f.prefix.len())?;
    if head
        .iter()
        .rev()
        .zip(f.prefix.iter().rev())
        .any(|(a, b)| a != b)
        || !left_free(text, s, f.class.dashed())
    {
        return None;
    }
    let body = s + f.prefix.len();
    let n = match f.extra {
        Extra::GhsJwt => crate::format::ghs_jwt_body_len(&text[body..])?,
        Extra::Webhook => formats::webhook_len(&text[body..])?,
        Extra::Pem => {
            let (len, head) = formats::pem_len(&text[body..])?;
            return Some(pem(text, s, body, len, head));
        }
        _ => run(text, body, f.max, f.class),
    };
    let chars = text.get(body..body + n)?;
    let (shape_ok, reason) = match f.proof {
        Proof::Crc62 if n < f.min => (partial(text, body, n), Reason::Partial),
        Proof::Crc62 => ((f.min..=f.max).contains(&n), Reason::ChecksumMismatch),
        Proof::GitLabCrc36 => (
            formats::gitlab_routable(f.prefix, chars).is_some_and(|(len, _)| len == n),
            Reason::ChecksumMismatch,
        ),
        Proof::Shape => (
            (f.min..=f.max).contains(&n)
                && match f.extra {
                    Extra::PypiHeader => chars.starts_with(formats::PYPI_HEADER),
                    Extra::DigitFirst => chars.first().is_some_and(u8::is_ascii_digit),
                    Extra::OpenAiMarker => formats::find(chars, b"T3BlbkFJ").is_some(),
                    Extra::EndsWithAA => chars.ends_with(b"AA"),
                    _ => true,
                },
            Reason::ShapeOnly,
        ),
    };
    let end = body + n;
    if !shape_ok
        || text
            .get(end)
            .is_some_and(|&b| joins(text, end, b, f.class.dashed()))
    {
        return None;
    }
    Some(found(f, s..end, chars, false, Some(reason)))
}

/// A fine-grained token (shape only) whose prefix would start at `s` unwrapped: in one piece,
/// or wrapped once — at a fixed column, or by a quoted-printable soft break — when both pieces
/// have the exact shape: the first stands alone on its left and ends its line, the second
/// starts the next line and stands alone on its right, and together they are the format's 93
/// characters with its one `_` in place. Joining any other way, or a piece that is longer,
/// shorter or indented (after a log's line prefix too: with no checksum to prove the join,
/// that would be a guess), is not done: the first piece alone, ending its line, is then a
/// possible partial token. A prefix read across the break is hidden, as a
/// proven token's. Read forward only, from each place the token could start (a break of 1 to 3
/// bytes in the prefix puts it that much earlier).
fn fine_grained(text: &[u8], s: usize, f: &Try<'_>) -> Option<Finding> {
    let p = f.prefix.len();
    let len = p + f.max;
    let mut chars = zeroize::Zeroizing::new(Vec::with_capacity(len));
    'start: for w in 0..4 {
        let Some(s) = s.checked_sub(w) else {
            break;
        };
        chars.clear();
        let (mut at, mut wrapped_at) = (s, 0);
        while chars.len() < len {
            match text.get(at) {
                Some(&b) if f.class.allows(b) => {
                    chars.push(b);
                    at += 1;
                }
                _ => {
                    // The one break: in the body, or in the prefix and `w` bytes long.
                    let (b, k) = (join::wrap(text, at), chars.len());
                    let fits = if w == 0 {
                        k >= p
                    } else {
                        k > 0 && k < p && b == w
                    };
                    // A next line that repeats this one's prefix (a log's timestamp) does not
                    // start with the second piece, whatever stands there.
                    let prefixed = w == 0
                        && join::line_of(text, s, s)
                            .is_some_and(|l| join::repeated(text, l, at + b) > 0);
                    if wrapped_at > 0 || b == 0 || !fits || prefixed {
                        continue 'start;
                    }
                    (at, wrapped_at) = (at + b, k);
                }
            }
        }
        let (prefix, body) = chars.split_at(p);
        let shape = (w == 0 || wrapped_at > 0)
            && prefix == f.prefix
            && body
                .iter()
                .enumerate()
                .all(|(i, &b)| (i == FINE_GRAINED_FIRST) == (b == b'_'));
        if shape
            && left_free(text, s, false)
            && !text.get(at).is_some_and(|&b| joins(text, at, b, false))
        {
            let f = &Try {
                prefix_shown: wrapped_at == 0 || wrapped_at >= p,
                ..*f
            };
            return Some(found(f, s..at, body, false, Some(Reason::ShapeOnly)));
        }
    }
    let body = s + p;
    let n = run(text, body, f.max, f.class);
    (text.get(s..body) == Some(f.prefix)
        && n < f.max
        && partial(text, body, n)
        && left_free(text, s, false))
    .then(|| {
        found(
            f,
            s..body + n,
            &text[body..body + n],
            false,
            Some(Reason::Partial),
        )
    })
}

/// Whether a body of `n` characters at `body` is a possible partial token: long enough, and
/// ending its line (the gap after it crosses a line break: after spaces, a quoted-printable
/// soft break, a shell continuation, an escape sequence), where the rest of a wrapped token
/// would start.
fn partial(text: &[u8], body: usize, n: usize) -> bool {
    let end = body + n;
    n >= PARTIAL_MIN && join::after_break(text, end, end + join::gap(text, end)).is_some()
}

/// A PEM block: its header line kept, the key and the end line hidden.
fn pem(text: &[u8], s: usize, body: usize, len: usize, head: usize) -> Finding {
    let mut masked = masked_ascii(&text[s..body + head], b"............", false);
    masked.push_str("-----END PRIVATE KEY-----");
    Finding {
        range: s..body + len,
        format: "private_key".into(),
        verified: false,
        reason: Some(Reason::ShapeOnly),
        masked,
    }
}

/// The masked form of an ASCII candidate: `prefix` shown, `body` hidden but the characters
/// `mask::kept` leaves at its end (the rule of [`crate::mask()`], applied to bytes
/// the scanner knows are ASCII).
fn masked_ascii(prefix: &[u8], body: &[u8], keep_last: bool) -> String {
    let keep = crate::mask::kept(body.len(), keep_last);
    let mut out = String::with_capacity(prefix.len() + body.len() * 3);
    out.extend(prefix.iter().map(|&b| char::from(b)));
    out.extend(core::iter::repeat_n(
        crate::mask::MASK_CHAR,
        body.len() - keep,
    ));
    out.extend(body[body.len() - keep..].iter().map(|&b| char::from(b)));
    out
}

/// Builds a finding: the prefix visible (unless read across a gap), the body masked.
fn found(
    f: &Try<'_>,
    range: Range<usize>,
    body: &[u8],
    verified: bool,
    reason: Option<Reason>,
) -> Finding {
    // A fragment's last characters are not the token's: all hidden.
    let keep_last = reason != Some(Reason::Partial);
    let masked = if f.prefix_shown {
        masked_ascii(f.prefix, body, keep_last)
    } else {
        let mut all = Vec::with_capacity(f.prefix.len() + body.len());
        all.extend_from_slice(f.prefix);
        all.extend_from_slice(body);
        masked_ascii(b"", &all, keep_last)
    };
    Finding {
        range,
        format: f.id(),
        verified,
        reason,
        masked,
    }
}

/// The masked form of the proven finding `f` extended over `p`: `f`'s visible prefix, then
/// every character up to `p`'s end hidden but `p`'s last 4.
fn joined_mask(text: &[u8], f: &Finding, p: &Finding) -> String {
    // Bytes, not `str` slicing or searching: those bring panic formatting and a substring
    // searcher into the scanner package. A masked form is ASCII but for `•` (lead byte E2).
    let shown = bullet_at(&f.masked);
    let hidden = crate::utf8::char_count(f.masked.get(shown..).unwrap_or_default());
    let added = text[f.range.end..p.range.end]
        .iter()
        .filter(|b| Class::Dotted.allows(**b))
        .count();
    let mut out = f.masked.get(..shown).unwrap_or_default().to_owned();
    let last = crate::mask::last4(&p.masked);
    let n = hidden + added;
    let keep = crate::mask::kept(n, bullet_at(last) == last.len());
    out.extend(core::iter::repeat_n(crate::mask::MASK_CHAR, n - keep));
    if keep > 0 {
        out.push_str(last);
    }
    out
}

/// Where the first `•` of a masked form starts (its length when there is none).
fn bullet_at(masked: &str) -> usize {
    let b = masked.as_bytes();
    b.iter().position(|&c| c == 0xE2).unwrap_or(b.len())
}

/// Cuts the shape-only finding `f` at `at`: what is left is masked whole but its prefix (and
/// the prefix too when nothing else is left).
fn cut(text: &[u8], f: &mut Finding, at: usize) {
    let shown = bullet_at(&f.masked);
    let shown = if shown < at - f.range.start { shown } else { 0 };
    let start = f.range.start;
    f.masked = masked_ascii(&text[start..start + shown], &text[start + shown..at], false);
    f.range.end = at;
}

/// The left half of the boundary rule, checked before a body is read.
fn left_free(text: &[u8], s: usize, dashed: bool) -> bool {
    s == 0 || !joins(text, s - 1, text[s - 1], dashed) || after_escape(&text[..s])
}

/// Whether the byte `b` at `i` would continue a candidate: a word character, `-` for dashed
/// formats, or a byte of `•` (a masked form next door).
fn joins(text: &[u8], i: usize, b: u8, dashed: bool) -> bool {
    b.is_ascii_alphanumeric()
        || b == b'_'
        || (dashed && b == b'-')
        || (matches!(b, 0xE2 | 0x80 | 0xA2) && is_mask_char_at(text, i))
}

/// Whether the byte at `i` belongs to a `•` (E2 80 A2).
fn is_mask_char_at(text: &[u8], i: usize) -> bool {
    let lo = i.saturating_sub(2);
    (lo..=i).any(|s| text.get(s..s + 3) == Some("•".as_bytes()) && s + 3 > i)
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
fn run(text: &[u8], from: usize, max: usize, class: Class) -> usize {
    let mut n = 0;
    while n <= max && text.get(from + n).is_some_and(|&b| class.allows(b)) {
        n += 1;
    }
    n
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

    fn with_checksum(prefix: &str, random: &str) -> String {
        let c = checksum::compute(random.as_bytes());
        format!("{prefix}{random}{}", core::str::from_utf8(&c).unwrap())
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
    fn proven_tokens_are_found_whatever_is_glued_to_them() {
        for (text, start) in [
            (format!("x{GHP}"), 1),
            (format!("{GHP}x"), 0),
            (format!("GITHUB_TOKEN_{GHP}"), 13),
            (format!("{GHP}_old"), 0),
            (format!("9{GHP}"), 1),
            (format!("\"{GHP}\""), 1),
            (format!("トークン{GHP}。"), 12),
            (format!("token%253D{GHP}"), 10),
            (format!("token=3D{GHP}"), 8),
            (format!("token\\x3d{GHP}"), 9),
            (format!("x\\u003d{GHP}"), 7),
        ] {
            assert_eq!(
                ids(&text),
                [(start..start + 40, "ghp".into(), true)],
                "{text}"
            );
            assert!(!redact(&text).contains(&GHP[4..]), "{text}");
        }
    }

    #[test]
    fn shape_only_formats_keep_the_boundary_rule() {
        assert_eq!(ids("xAKIAIOSFODNN7EXAMPLE"), []);
        assert_eq!(ids("AKIAIOSFODNN7EXAMPLE_"), []);
        assert_eq!(ids("x-glpat-abcdefghij0123456789"), []);
        assert_eq!(ids("glpat-abcdefghij0123456789-"), []);
        assert_eq!(ids(" glpat-abcdefghij0123456789 ").len(), 1);
        assert_eq!(ids("a\\nAKIAIOSFODNN7EXAMPLE").len(), 1);
        // A look-alike (wrong checksum) is held to the boundary rule too.
        assert_eq!(ids(&format!("x{GHP_BAD}")), []);
    }

    #[test]
    fn every_shape() {
        let pypi = format!("pypi-AgEIcHlwaS5vcmc{}", "x".repeat(60));
        let fg = format!("github_pat_{}_{}", "A".repeat(22), "b".repeat(59));
        let ghs = format!(
            "ghs_123456_eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJnaXRodWIiLCJleHAiOjE3NjQ2MzY4MDB9.{}",
            "Sig_-".repeat(80)
        );
        let openai = format!("sk-proj-{}T3BlbkFJ{}", "a".repeat(74), "B".repeat(74));
        let anthropic = format!("sk-ant-api03-{}AA", "x_-Y".repeat(23) + "z");
        let pem = format!(
            "-----BEGIN OPENSSH PRIVATE KEY-----\n{}\n-----END OPENSSH PRIVATE KEY-----",
            "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n".repeat(4)
        );
        let cases = [
            (fg.as_str(), "github_pat"),
            (ghs.as_str(), "ghs"),
            ("glpat-abcdefghij0123456789", "gitlab_pat"),
            (pypi.as_str(), "pypi"),
            ("xoxb-123456789012-1234567890123-abcdefghijkl", "slack"),
            (
                "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX",
                "slack_webhook",
            ),
            ("sk_live_abcdefghijklmnopqrstuvwx", "stripe"),
            ("rk_test_abcdefghijklmnopqrstuvwx", "stripe"),
            ("AKIAIOSFODNN7EXAMPLE", "aws_access_key_id"),
            ("hf_abcdefghijklmnopqrstuvwxyzABCDEFGH", "huggingface"),
            (openai.as_str(), "openai"),
            (
                "sk-abcdefghijklmnopqrstT3BlbkFJabcdefghijklmnopqrst",
                "openai",
            ),
            (anthropic.as_str(), "anthropic"),
            ("AIzaSyA-1234567890abcdefghijklmnopqrstu", "google_api_key"),
            ("shpat_0123456789abcdef0123456789abcdef", "shopify"),
            ("shpss_0123456789abcdef0123456789abcdef", "shopify"),
            ("shpca_0123456789abcdef0123456789abcdef", "shopify"),
            ("sb_secret_coby3b0KlLLpI9ol_Skdug_yqz11DCV", "supabase"),
            (
                "dp.pt.bAqhcVzrhy5cRHkOlNTc0Ve6w5NUDCpcutm8vGE9myi",
                "doppler",
            ),
            (
                "dp.st.bAqhcVzrhy5cRHkOlNTc0Ve6w5NUDCpcutm8vGE9myi",
                "doppler",
            ),
            (pem.as_str(), "private_key"),
        ];
        for (token, id) in cases {
            let text = format!("k={token}\n");
            let found = scan(&text);
            assert_eq!(found.len(), 1, "{token}");
            assert_eq!(found[0].range, 2..2 + token.len(), "{token}");
            assert_eq!(found[0].format, id);
            assert_eq!(found[0].reason, Some(Reason::ShapeOnly));
            let once = redact(&text);
            let middle = &token[token.len() / 2..token.len() / 2 + 8];
            assert!(!once.contains(middle), "{once}");
            assert_eq!(redact(&once), once, "{token}");
            assert_eq!(scan(&once), [], "{once}");
            // Glued to a word character: not a candidate.
            assert_eq!(scan(&format!("k=x{token}\n")), [], "{token}");
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
            "sk-proj-abcdefghijklmnopqrstuvwxyz",
            "AIzaShort",
            "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----",
            "-----BEGIN CERTIFICATE-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n-----END CERTIFICATE-----",
            "ghs_123_notajwt",
            "dp.pt.short",
        ] {
            assert_eq!(ids(text), [], "{text}");
        }
    }

    #[test]
    fn npm_and_gitlab_are_proven_by_their_checksums() {
        let npm = with_checksum("npm_", "qkJaB6MffYVzZXWqmcoF49yrUxP3wf");
        assert_eq!(ids(&format!("x{npm}y")), [(1..41, "npm".into(), true)]);
        let bad = format!("{}0", &npm[..39]);
        let bad = if bad == npm {
            format!("{}1", &npm[..39])
        } else {
            bad
        };
        assert_eq!(scan(&bad)[0].reason, Some(Reason::ChecksumMismatch));
        // osv-scalibr's GitLab vectors (fake tokens).
        for t in [
            "glpat-bzox79Of-KE9FD2LjoXXF4CvyxA.01.0r0l8l6ir",
            "glpat-bzox79Of-KE9FD2LjoXXF4CvyxA.0r03gxo7s",
        ] {
            assert_eq!(
                ids(&format!("_{t}x")),
                [(1..1 + t.len(), "gitlab_pat".into(), true)],
                "{t}"
            );
        }
        let bad = "glpat-bzox79Of-KE9FD2LjoXXF4CvyxA.01.0r03gxo7a";
        assert_eq!(scan(bad)[0].reason, Some(Reason::ChecksumMismatch));
    }

    #[test]
    fn wrapped_and_hidden_tokens_are_joined_when_the_checksum_proves_them() {
        for eol in [
            "\n", "\r\n", " ", "\t", "  ", " \n", "\n  ", "\n> ", "=\r\n", "\u{200b}", "\u{ad}",
            "\\\n",
        ] {
            for cut in 1..GHP.len() {
                let (a, b) = GHP.split_at(cut);
                let text = format!("token: {a}{eol}{b} end");
                let end = 7 + GHP.len() + eol.len();
                assert_eq!(ids(&text), [(7..end, "ghp".into(), true)], "{text:?}");
                // A prefix read across a gap is hidden too.
                let masked = if cut < 4 {
                    format!("{}{}", "•".repeat(36), &GHP[36..])
                } else {
                    crate::mask(GHP)
                };
                assert_eq!(redact(&text), format!("token: {masked} end"));
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
        // Not joined: a look-alike (its first piece is a possible partial token); a token
        // followed by a line of text is not extended.
        let (a, b) = GHP_BAD.split_at(20);
        let found = scan(&format!("{a}\n{b}"));
        assert_eq!(found.len(), 1);
        assert_eq!(
            (found[0].range.clone(), found[0].reason),
            (0..20, Some(Reason::Partial))
        );
        assert_eq!(ids(&format!("{GHP}\nabc")), [(0..40, "ghp".into(), true)]);
    }

    #[test]
    fn a_glued_prefix_does_not_swallow_a_proven_token() {
        // Issue 14 A1: a GitLab-, PyPI- or Stripe-shaped run that ends in `ghp_`.
        let body = &GHP[4..];
        for (head, eol) in [
            ("glpat-abcdefghijklmno-ghp_", "\n"),
            ("glpat-abcdefghijklmno-ghp_", " "),
            (
                "pypi-AgEIcHlwaS5vcmcXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXghp_",
                "\r\n",
            ),
            ("sk_live_ghp_", "\n"),
        ] {
            let text = format!("{head}{eol}{body}\n");
            let once = redact(&text);
            assert!(
                !once.contains(&body[..20]) && !once.contains(&body[16..]),
                "{once:?}"
            );
            assert!(
                scan(&text).iter().any(|f| f.verified && f.format == "ghp"),
                "{text:?}"
            );
            assert_eq!(redact(&once), once);
        }
        // A2: the mask's `•` must not cut an over-long dashed run down to a candidate.
        let acme = Scanner::with_formats(&["custom:acme".parse().unwrap()]);
        let token = with_checksum("acme_", "0123456789abcdefghijklmnopqrst");
        let text = format!("glpat-abcdefghijxoxp-{token}\n");
        let once = acme.redact(&text);
        assert_eq!(acme.redact(&once), once);
        assert_eq!(acme.scan(&once), []);
    }

    #[test]
    fn overlapping_proven_tokens_are_masked_together() {
        let text = format!("{GHP}{GHP}");
        let once = redact(&text);
        assert!(!once.contains(&GHP[4..]));
        assert_eq!(redact(&once), once);
    }

    #[test]
    fn custom_prefixes_are_verified_by_checksum() {
        let format: Format = "custom:acme".parse().unwrap();
        let token = with_checksum("acme_", "0123456789abcdefghijklmnopqrst");
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
    fn the_byte_filter_never_rejects_a_prefix() {
        let acme = Scanner::with_formats(&["custom:acme".parse().unwrap()]);
        let mut prefixes: Vec<(&str, usize)> = SPECS
            .iter()
            .map(|s| (s.prefix, usize::from(s.anchor)))
            .collect();
        prefixes.push(("acme_", 4));
        for (p, a) in prefixes {
            let proven = matches!(p, "ghp_" | "npm_" | "glpat-" | "acme_");
            let mut texts = vec![(p.to_owned(), a), (format!("x{p}"), a + 1)];
            if proven {
                // Gaps anywhere in the prefix, the one before the trigger included.
                for gap in ["\n", "\u{ad}", "\n  > ", "\r\n"] {
                    for cut in 1..p.len() {
                        let text = format!("{}{gap}{}", &p[..cut], &p[cut..]);
                        let t = text.len() - 1;
                        texts.push((text, t));
                    }
                }
            }
            for (text, t) in texts {
                assert!(acme.may_start(text.as_bytes(), t), "{text:?}");
            }
        }
        // Natively each entry is admitted by its own bits, not by another's for its trigger.
        #[cfg(not(target_arch = "wasm32"))]
        for (i, s) in SPECS.iter().enumerate() {
            let (p, a) = (s.prefix, usize::from(s.anchor));
            let mut texts = vec![(p.to_owned(), a), (format!("x{p}"), a + 1)];
            let gaps: &[&str] = if i < formats::PROVEN {
                &[
                    "\n",
                    "\u{ad}",
                    "\u{200b}",
                    "\n  > ",
                    "\r\n",
                    " ",
                    "=\n",
                    "\\",
                    "\u{1b}[m",
                    "\u{1b}[01;31m\u{1b}[K",
                    "\u{1b}(B",
                    "\u{a0}",
                    "\u{85}",
                    "\u{2028}",
                    "\u{e0041}",
                    "\u{180e}",
                    "\u{34f}",
                    "\u{fe0f}",
                ]
            } else if s.extra == Extra::FineGrained {
                &["\n", "\r\n", "=\n", "=\r\n"]
            } else {
                &[]
            };
            for gap in gaps {
                for cut in 1..=a {
                    let text = format!("{}{gap}{}", &p[..cut], &p[cut..]);
                    let t = text.len() - (p.len() - a);
                    texts.push((text, t));
                }
            }
            for (text, t) in texts {
                assert_ne!(
                    specs_at(text.as_bytes(), t) & 1 << i,
                    0,
                    "{} {text:?}",
                    s.id
                );
            }
        }
    }

    /// The native catalogue loop (entries picked by the byte tables) and the wasm one (every
    /// entry's key compared) find the same candidate at every trigger.
    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn the_spec_tables_try_what_the_catalogue_loop_finds() {
        let body = "M7H4jxUDDWHP4kZ6A4dxlQYsQIWJuq11T4V4AgEIcHlwaS5vcmc0123456789abcdef";
        let mut texts: Vec<String> = include_str!("../benches/log-lines.txt")
            .lines()
            .map(str::to_owned)
            .collect();
        for s in SPECS {
            let p = s.prefix;
            texts.push(format!("{p}{body}"));
            texts.push(format!("a {p}1{body} b"));
            texts.push(format!("x{p}{}", &body[..20]));
            for cut in 1..p.len() {
                for gap in ["\n", "\u{ad}", " "] {
                    texts.push(format!("{}{gap}{}{body}", &p[..cut], &p[cut..]));
                }
            }
        }
        texts.push(GHP.to_owned());
        texts.push(format!("GITHUB_TOKEN_{GHP}_old"));
        texts.push(format!("gh\np_{}", &GHP[4..]));
        texts.push(format!("glpat-abcdefghijklmno-{GHP}"));
        let sc = Scanner::default();
        let key = |f: Option<Finding>| f.map(|f| (f.range, f.format, f.verified, f.masked));
        let mut tried = 0;
        for text in &texts {
            let text = text.as_bytes();
            for t in (0..text.len()).filter(|&t| TRIGGERS.contains(&text[t])) {
                let shape = |f: &Try<'_>, a: usize| shaped(text, t.checked_sub(a)?, f);
                let native = sc.tries(text, t, false, &mut { shape });
                let loop_ = sc.tries_bytewise(text, t, false, &mut { shape });
                let proof = |f: &Try<'_>, _| proven(text, t, f, usize::MAX);
                let native_p = sc.tries(text, t, true, &mut { proof });
                let loop_p = sc.tries_bytewise(text, t, true, &mut { proof });
                if loop_.is_some() || loop_p.is_some() {
                    assert!(sc.may_start(text, t));
                    tried += 1;
                }
                assert_eq!(
                    key(native),
                    key(loop_),
                    "{:?} at {t}",
                    String::from_utf8_lossy(text)
                );
                assert_eq!(
                    key(native_p),
                    key(loop_p),
                    "{:?} at {t}",
                    String::from_utf8_lossy(text)
                );
            }
        }
        assert!(tried > 2 * SPECS.len(), "{tried}");
    }

    #[test]
    fn the_wasm_trigger_search_finds_what_the_native_one_finds() {
        let text = format!(
            "a_b-c.dKez{GHP} xoxb- AKIA AIza dp.pt. ___---...KKKzzz é_{}_-.Kz{}acme_ sk_test_\n\
             gh\np_ dp.audit.{}",
            "x".repeat(70),
            "_".repeat(40),
            include_str!("../benches/log-lines.txt"),
        );
        let b = text.as_bytes();
        let acme = Scanner::with_formats(&["custom:acme".parse::<Format>().unwrap()]);
        let mut admitted = 0;
        for (sc, stop) in [Scanner::default(), acme]
            .iter()
            .flat_map(|sc| [b.len(), b.len() - 1, 65, 63, 33, 31].map(|stop| (sc, stop)))
        {
            for from in 0..b.len() {
                for jump in [1, 3, 40] {
                    let mut fast = Triggers::new(sc, b, from, stop);
                    let mut slow = Triggers::new(sc, b, from, stop);
                    let mut at = from;
                    loop {
                        let (x, y) = (fast.next_from(at), slow.next_bytewise(at));
                        assert_eq!(x, y, "from {from} stop {stop}");
                        match x {
                            Some(t) => at = t + 1 + t % jump,
                            None => break,
                        }
                        admitted += 1;
                    }
                }
            }
        }
        assert!(admitted > 1000, "{admitted}");
    }

    /// Issue 25 item 7: the gaps a token picks up by accident — `grep --color` and CI logs
    /// (ANSI escapes), Markdown (`\_`), bidirectional and other format characters, no-break
    /// spaces and Unicode line breaks, deep indentation — are read across like the others.
    #[test]
    fn accidental_gaps_are_read_across() {
        let esc = "\u{1b}";
        let mut gaps: Vec<String> = [
            "[m",
            "[K",
            "[0m",
            "[01;31m",
            "[01;31m\u{1b}[K",
            "[m\u{1b}[K",
            "[36;1m",
            "[0K",
            "[38;2;255;100;0m",
            "(B\u{1b}[m",
        ]
        .iter()
        .map(|g| format!("{esc}{g}"))
        .collect();
        gaps.push(format!("{esc}[m{esc}[K{esc}[01;31m{esc}[K"));
        for c in [
            '\u{200e}',
            '\u{200f}',
            '\u{2066}',
            '\u{2067}',
            '\u{2068}',
            '\u{2069}',
            '\u{202a}',
            '\u{202b}',
            '\u{202c}',
            '\u{202d}',
            '\u{202e}',
            '\u{2061}',
            '\u{2062}',
            '\u{2063}',
            '\u{2064}',
            '\u{180e}',
            '\u{34f}',
            '\u{fe00}',
            '\u{fe0f}',
            '\u{e0100}',
            '\u{e01ef}',
            '\u{e0001}',
            '\u{e0041}',
            '\u{e007f}',
            '\u{a0}',
            '\u{202f}',
            '\u{2028}',
            '\u{2029}',
            '\u{85}',
            '\u{3000}',
        ] {
            gaps.push(c.to_string());
        }
        for g in [
            "\u{2028}  > ",
            "\u{85}\t",
            "\u{a0}\u{a0}",
            "\u{202e}\u{2066}\u{200b}",
        ] {
            gaps.push(g.to_owned());
        }
        // Deep indentation: more than 32 bytes after a line break.
        for n in [33, 40, 64, 100, MAX_GAP - 2] {
            gaps.push(format!("\n{}", " ".repeat(n)));
        }
        gaps.push(format!("\r\n{}> > ", "\t".repeat(60)));
        for gap in &gaps {
            for cut in 1..GHP.len() {
                let (a, b) = GHP.split_at(cut);
                let text = format!("token: {a}{gap}{b} end");
                let end = 7 + GHP.len() + gap.len();
                assert_eq!(ids(&text), [(7..end, "ghp".into(), true)], "{text:?}");
                let once = redact(&text);
                assert!(!once.contains(&GHP[4..]), "{once:?}");
                assert!(cut <= 4 || !once.contains(a), "{once:?}");
                assert!(once.starts_with("token: ") && once.ends_with(" end"));
                assert_eq!(redact(&once), once);
            }
        }
        // Every gap stays bounded: past MAX_GAP bytes nothing is joined (the first piece is a
        // possible partial token).
        let (a, b) = GHP.split_at(20);
        let far = format!("{a}\n{}{b}", " ".repeat(MAX_GAP));
        assert_eq!(scan(&far)[0].reason, Some(Reason::Partial));
        assert_eq!(ids(&far), [(0..20, "ghp".into(), false)]);
        // An unfinished or foreign escape sequence is not a gap.
        for not_gap in ["\u{1b}[01;31", "\u{1b}[1x", "\u{1b}]0;t\u{7}", "[m"] {
            assert_eq!(ids(&format!("{a}{not_gap}{b}")), [], "{not_gap:?}");
        }
    }

    /// `grep --color=always` output: the match highlighted around the token, or around a part
    /// of it (the escapes then stand inside the token).
    #[test]
    fn grep_color_output_is_redacted() {
        let on = "\u{1b}[01;31m\u{1b}[K";
        let off = "\u{1b}[m\u{1b}[K";
        for (from, to) in [
            (0, 40),
            (0, 4),
            (0, 3),
            (4, 12),
            (10, 40),
            (2, 38),
            (39, 40),
        ] {
            let text = format!(
                "{on}ci.log{off}:3:export GH_TOKEN={}{on}{}{off}{}\n",
                &GHP[..from],
                &GHP[from..to],
                &GHP[to..]
            );
            let found = scan(&text);
            assert!(found.iter().any(|f| f.verified), "{text:?}");
            let once = redact(&text);
            for piece in [&GHP[4..14], &GHP[14..24], &GHP[24..36]] {
                assert!(!once.contains(piece), "{once:?}");
            }
            assert!(once.starts_with(&format!("{on}ci.log{off}:3:export GH_TOKEN=")));
            assert_eq!(redact(&once), once);
        }
    }

    /// Markdown escapes the `_` (and `-`) of a token pasted into an issue: `ghp\_…`.
    #[test]
    fn markdown_escaped_underscores_are_read_across() {
        let md = GHP.replace('_', "\\_");
        let text = format!("The token `x` was {md} (rotated).");
        assert_eq!(ids(&text), [(18..18 + md.len(), "ghp".into(), true)]);
        // The prefix was read across a gap: hidden too, as for `gh` + line break + `p_`.
        assert_eq!(
            redact(&text),
            format!(
                "The token `x` was {}{} (rotated).",
                "•".repeat(36),
                &GHP[36..]
            )
        );
        let npm = with_checksum("npm_", "qkJaB6MffYVzZXWqmcoF49yrUxP3wf").replace('_', "\\_");
        assert!(scan(&npm)[0].verified);
        // A backslash before anything else is not a gap.
        let (a, b) = GHP.split_at(4);
        assert_eq!(ids(&format!("{}\\{b}", &a[..3])), []);
        assert_eq!(ids(&format!("{a}\\{b}")), []);
    }

    fn fine_grained() -> String {
        format!(
            "github_pat_{}_{}",
            "11ABCDEFG0aBcDeFgHiJkL", "mNoPqRsTuVwXyZ0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHI"
        )
    }

    /// A fine-grained token (shape only) wrapped once — by a quoted-printable soft break or at a
    /// fixed column — is joined when both pieces have the exact shape, and only then.
    #[test]
    fn a_wrapped_fine_grained_token_is_joined_when_both_pieces_fit() {
        let fg = fine_grained();
        assert_eq!(fg.len(), 93);
        for eol in ["=\n", "=\r\n", "\n", "\r\n"] {
            for cut in 1..fg.len() {
                let (a, b) = fg.split_at(cut);
                let text = format!("key: {a}{eol}{b}\nnext");
                let end = 5 + fg.len() + eol.len();
                assert_eq!(
                    scan(&text)
                        .into_iter()
                        .map(|f| (f.range, f.format, f.reason))
                        .collect::<Vec<_>>(),
                    [(5..end, "github_pat".into(), Some(Reason::ShapeOnly))],
                    "{text:?}"
                );
                let masked = if cut < 11 {
                    format!("{}{}", "•".repeat(89), &fg[89..])
                } else {
                    crate::mask(&fg)
                };
                assert_eq!(redact(&text), format!("key: {masked}\nnext"), "{text:?}");
                assert_eq!(redact(&redact(&text)), redact(&text));
            }
        }
        // Not joined: a piece too long or too short, glued to a word, indented, a second
        // break, an `_` out of place, a gap that is not a line break. A first piece that ends
        // its line is a possible partial token.
        let (a, b) = fg.split_at(40);
        for (text, partial) in [
            (format!("{a}\n{b}x"), true),
            (format!("{a}\n{}", &b[1..]), true),
            (format!("x{a}\n{b}"), false),
            (format!("{a}\n  {b}"), true),
            (format!("{a}\n{}\n{}", &b[..10], &b[10..]), true),
            (format!("{a}_\n{}", &b[1..]), true),
            (format!("{a} {b}"), false),
            (format!("{a}\u{200b}{b}"), false),
            (format!("{}\n{}", &fg[..20], &fg[21..]), true),
        ] {
            let found: Vec<_> = scan(&text)
                .into_iter()
                .map(|f| (f.range.start, f.reason))
                .collect();
            let want: &[_] = if partial {
                &[(0, Some(Reason::Partial))]
            } else {
                &[]
            };
            assert_eq!(found, want, "{text:?}");
        }
        // In one piece, unchanged.
        assert_eq!(
            ids(&format!(" {fg} ")),
            [(1..94, "github_pat".into(), false)]
        );
    }

    /// Issue 26.11: every prefix of the catalogue that a custom prefix could spell is refused
    /// as one (GitHub's as invalid, the other vendors' by `format::VENDOR_PREFIXES`), and the
    /// list names nothing the catalogue does not.
    #[test]
    fn vendor_prefixes_are_the_catalogues() {
        use crate::error::FormatError;
        use crate::format::VENDOR_PREFIXES;
        let mut words = Vec::new();
        for spec in SPECS {
            let p = spec.prefix.as_bytes();
            let n = p
                .iter()
                .take_while(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
                .count();
            // A word a custom prefix could be, ended by a separator; `https://` is a scheme.
            if n >= 2 && matches!(p.get(n), Some(b'_' | b'-' | b'.')) {
                words.push(&spec.prefix[..n]);
            }
        }
        for w in &words {
            let e = Custom::new(w, 30).unwrap_err();
            let github = matches!(e, FormatError::InvalidPrefix { .. });
            assert!(
                github || e == FormatError::VendorPrefix,
                "{w}: {e:?} (add it to VENDOR_PREFIXES)"
            );
            assert_eq!(github, w.starts_with("gh") || *w == "github", "{w}");
        }
        for v in VENDOR_PREFIXES {
            assert!(words.contains(&v), "{v} is no prefix of the catalogue");
            assert_eq!(Custom::new(v, 30), Err(FormatError::VendorPrefix));
            assert_eq!(
                Format::parse(&format!("custom:{v}")),
                Err(FormatError::VendorPrefix)
            );
        }
        // Longer words that merely start like one are free.
        for free in ["npmx", "skx", "hf2", "dpx", "acme"] {
            assert!(Custom::new(free, 30).is_ok(), "{free}");
        }
    }

    /// Issue 26.4: a token a CI runner wrapped, the next line repeating the timestamp.
    #[test]
    fn a_token_wrapped_after_a_repeated_line_prefix_is_joined() {
        const TS: &str = "2026-05-01T10:00:03.2000000Z";
        const MS: &str = "2026-05-01T10:00:03.20"; // then 0Z, 1Z: the clock ticked
        let ghp = with_checksum("ghp_", "8rDjQ2mZk7Lp0aXvN4bYt9WcE1sRgH");
        let (a, b) = ghp.split_at(24);
        let custom = with_checksum("acme_", "Zq3n8RkT2bWm5YcX7pLd0FvH9sJa");
        let (c, d) = custom.split_at(12);
        let acme = Scanner::with_formats(&["custom:acme".parse::<Format>().unwrap()]);
        for (scanner, first, rest, id) in [
            (&Scanner::default(), a, b, "ghp"),
            (&acme, c, d, "custom:acme"),
        ] {
            for text in [
                // GitHub Actions' raw log: the continuation aligned under the token, or not.
                format!("{TS} wrapped: {first}\n{TS}          {rest}\n"),
                format!("{MS}0Z wrapped: {first}\r\n{MS}1Z {rest} done"),
                format!("web_1  | token={first}\nweb_1  | {rest}"),
                format!("> | {first}\n> | {rest} |"),
                format!("[deploy] {first}\n[deploy] {rest}"),
            ] {
                let found = scanner.scan(&text);
                assert_eq!(found.len(), 1, "{text:?}");
                assert_eq!(
                    (found[0].format.as_str(), found[0].verified),
                    (id, true),
                    "{text:?}"
                );
                let out = scanner.redact(&text);
                assert!(
                    !out.contains(&rest[..8]) && !out.contains(&first[first.len() - 8..]),
                    "{out:?}"
                );
                assert_eq!(scanner.redact(&out), out);
            }
        }
        // Another step's line, or a prefix that differs but in digits, is not the same line
        // prefix: the first piece is left as a possible partial token, masked whole but its prefix.
        for text in [
            format!("[build] {a}\n[test] {b}"),
            format!("10:00:03 x {a}\n10:00:03 y {b}"),
        ] {
            let found = scan(&text);
            assert_eq!(
                found
                    .iter()
                    .map(|f| (f.format.as_str(), f.reason))
                    .collect::<Vec<_>>(),
                [("ghp", Some(Reason::Partial))],
                "{text:?}"
            );
            assert_eq!(found[0].masked, format!("ghp_{}", "•".repeat(20)));
        }
    }

    /// Issue 26.4: a fine-grained token (shape only) wrapped in a log after a repeated prefix
    /// is not joined (no checksum proves the join): its first piece is a possible partial token.
    #[test]
    fn a_fine_grained_token_wrapped_after_a_line_prefix_is_a_partial_token() {
        let fg = fine_grained();
        let ts = "2026-05-01T10:00:03.2000000Z";
        for cut in [19, 40, 89] {
            let (a, b) = fg.split_at(cut);
            for text in [
                format!("{ts} token: {a}\n{ts} {b}\n"),
                format!("{ts} token: {a}\n{ts}        {b}\n"),
            ] {
                let found = scan(&text);
                assert_eq!(
                    found
                        .iter()
                        .map(|f| (f.format.as_str(), f.reason))
                        .collect::<Vec<_>>(),
                    [("github_pat", Some(Reason::Partial))],
                    "{text:?}"
                );
                let masked = format!("github_pat_{}", "•".repeat(cut - 11));
                assert_eq!(found[0].masked, masked);
                assert!(redact(&text).contains(&format!("token: {masked}\n")));
            }
        }
    }

    /// Found by the fragments driver: a line that repeats the one before only because both
    /// start with the rest of a fine-grained token wrapped inside its prefix. The repeated-prefix
    /// rule is for a break in the body only; the second token is found at once, and redacting
    /// twice changes nothing.
    #[test]
    fn a_prefix_wrap_is_not_taken_for_a_repeated_line_prefix() {
        let fg = fine_grained();
        let other = fg.replace('A', "Z");
        let text = format!("x git=\n{} git\n{} end", &fg[3..], &other[3..]);
        let found = scan(&text);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found.iter().all(|f| f.format == "github_pat"));
        let once = redact(&text);
        assert_eq!(redact(&once), once);
    }

    /// A possible partial token: a known prefix and at least 8 characters of its body, too few
    /// for the format, ending a line; nothing else is one.
    #[test]
    fn possible_partial_tokens_end_their_line() {
        for text in [
            "ghp_8rDjQ2mZ\n",
            "key: ghp_8rDjQ2mZ  \r\nrest",
            "ghp_8rDjQ2mZ=\nrest",
            "npm_abcdefghij\\\n",
            "github_pat_11ABCDEFG0aBcD\n",
        ] {
            let found = scan(text);
            assert_eq!(found.len(), 1, "{text:?}");
            assert_eq!(found[0].reason, Some(Reason::Partial), "{text:?}");
            assert!(!found[0].verified);
        }
        for text in [
            "ghp_8rDjQ2m\n",      // 7 characters
            "ghp_8rDjQ2mZ",       // not at a line's end
            "ghp_8rDjQ2mZ and\n", // not at a line's end
            "xghp_8rDjQ2mZ\n",    // glued to a word
            "tokens start with ghp_\n",
            "AKIAIOSFODNN7\n", // shape-only formats have no fragments
        ] {
            assert_eq!(ids(text), [], "{text:?}");
        }
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
