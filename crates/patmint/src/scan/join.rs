//! Reading a proven token's characters wherever they stand: across line breaks (`\n`, `\r`,
//! U+2028, U+2029, NEL) and the indentation or `> ` quoting after them, spaces, tabs and no-break
//! spaces, quoted-printable soft line breaks (`=` + line break), shell continuations (`\` + line
//! break), the `\` Markdown puts before `_` and `-`, ANSI escape sequences (`grep --color`, CI
//! logs: SGR and erase-in-line, `ESC ( B`) and invisible format characters (zero-width space,
//! joiners, BOM, soft hyphen, bidirectional marks, embeddings and isolates, invisible
//! operators, variation selectors, tag characters) — and, after a line break, the prefix that
//! a log repeats at the start of every line (a CI timestamp, `> `, `| `, a step name: see
//! [`repeated`]). Only a checksum decides whether the characters read form a token, so reading
//! liberally costs no false positive (two unrelated fragments match by chance once in 2^32).

use super::formats::Class;

/// Longest gap between two characters of a token, in bytes: room for a line break, deep
/// indentation (a nested YAML or JSON value), a few levels of quoting and colour escapes.
pub(crate) const MAX_GAP: usize = 128;

/// Longest line prefix read as repeated (see [`repeated`]), in bytes: an ISO 8601 timestamp
/// with seven decimals and its space (29 bytes, GitHub Actions), a `docker compose` service
/// column or a `[step]` name fit.
pub(crate) const MAX_LINE_PREFIX: usize = 64;

/// How far before a token the start of its line is looked for, in bytes: a line whose token
/// stands further in has no repeated prefix (and a stream keeps this much left context).
pub(crate) const LINE_BACK: usize = 256;

/// The line a token's characters are read on: where it starts, and where the token's first
/// character on it stands (a repeated prefix ends at or before that column).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Line {
    start: usize,
    first: usize,
}

/// Longest parameter list of an ANSI escape sequence read as a gap (`38;2;255;255;255` is 16).
const MAX_ESCAPE_PARAMS: usize = 24;

/// Invisible and space characters read as gaps, as ranges of code points: U+0085 (NEL),
/// U+00A0, U+00AD, U+034F, U+180E, U+2000–U+200F, U+2028–U+202F, U+205F–U+206F, U+3000,
/// U+FE00–U+FE0F, U+FEFF, tag characters U+E0000–U+E007F and variation selectors
/// U+E0100–U+E01EF. A table and one decoder: a `match` on their UTF-8 bytes cost the scanner
/// package 0.3 KB.
static INVISIBLE: [(u32, u32); 13] = [
    (0x85, 0x85),
    (0xA0, 0xA0),
    (0xAD, 0xAD),
    (0x34F, 0x34F),
    (0x180E, 0x180E),
    (0x2000, 0x200F),
    (0x2028, 0x202F),
    (0x205F, 0x206F),
    (0x3000, 0x3000),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xE0000, 0xE007F),
    (0xE0100, 0xE01EF),
];

/// Length of the invisible or space character at the start of `s` (0 if none: see
/// [`INVISIBLE`]), and whether it breaks the line (NEL, U+2028, U+2029).
fn invisible(s: &[u8]) -> (usize, bool) {
    let n = match s.first() {
        Some(0xC2..=0xDF) => 2,
        Some(0xE0..=0xEF) => 3,
        Some(0xF0..=0xF4) => 4,
        _ => return (0, false),
    };
    let Some(tail) = s.get(1..n).filter(|t| t.iter().all(|b| b & 0xC0 == 0x80)) else {
        return (0, false);
    };
    let c = tail.iter().fold(u32::from(s[0] & (0x7F >> n)), |c, b| {
        c << 6 | u32::from(b & 0x3F)
    });
    if INVISIBLE.iter().any(|&(lo, hi)| lo <= c && c <= hi) {
        (n, matches!(c, 0x85 | 0x2028 | 0x2029))
    } else {
        (0, false)
    }
}

/// Length of the ANSI escape sequence at the start of `s` (which starts with ESC), 0 if it is
/// not one read as a gap: CSI `ESC [` + parameters + `m` (colours) or `K` (erase in line, which
/// `grep --color` and CI runners emit), and `ESC ( B` (`tput sgr0`).
fn escape(s: &[u8]) -> usize {
    if s.get(1..3) == Some(b"(B") {
        return 3;
    }
    if s.get(1) != Some(&b'[') {
        return 0;
    }
    let mut i = 2;
    while i < 2 + MAX_ESCAPE_PARAMS && matches!(s.get(i), Some(b'0'..=b'9' | b';' | b':')) {
        i += 1;
    }
    if matches!(s.get(i), Some(b'm' | b'K')) {
        i + 1
    } else {
        0
    }
}

/// Length in bytes of the gap at `text[i..]` (0 if none), at most [`MAX_GAP`].
pub(crate) fn gap(text: &[u8], i: usize) -> usize {
    let mut at = i;
    let mut after_break = false;
    loop {
        let s = text.get(at..).unwrap_or_default();
        let (n, line_break) = match s {
            [b' ' | b'\t', ..] => (1, false),
            [b'\r', b'\n', ..] => (2, true),
            [b'\n' | b'\r', ..] => (1, true),
            [b'=' | b'\\', b'\r', b'\n', ..] => (3, true),
            [b'=' | b'\\', b'\n', ..] => (2, true),
            [b'\\', b'_' | b'-', ..] => (1, false),
            [b'>', ..] if after_break => (1, false),
            [0x1B, ..] => (escape(s), false),
            _ => invisible(s),
        };
        if n == 0 || at + n - i > MAX_GAP {
            return at - i;
        }
        after_break |= line_break;
        at += n;
    }
}

/// Whether a gap may end with `b` (the byte before a character read across it): the cheap
/// test before [`gap_before`] parses, and the one-byte-back half of the scan's byte tables.
#[inline]
pub(crate) const fn gap_end(b: u8) -> bool {
    matches!(
        b,
        b' ' | b'\t' | b'\r' | b'\n' | b'\\' | b'>' | 0x80..=0xBF | b'm' | b'K' | b'B'
    )
}

/// Whether `b` may stand anywhere in a gap: [`gap_end`], the bytes before a line break (`=`,
/// `\`), lead bytes of the invisible characters, and the inside of an escape sequence.
#[inline]
pub(crate) const fn in_gap(b: u8) -> bool {
    gap_end(b)
        || matches!(
            b,
            b'=' | 0x1B | b'[' | b'(' | b'0'..=b'9' | b';' | b':' | 0xC2..=0xF4
        )
}

/// Length of the gap that ends at `end` (0 if none): the longest one [`gap`] reads forward.
/// Linear in the bytes looked at: [`gap`] reads greedily, and a gap starting inside what it
/// read, or at the byte that stopped it, stops there too (the context only narrows: `>` needs
/// a line break before it in the same gap), so the next start to try is past that byte.
pub(crate) fn gap_before(text: &[u8], end: usize) -> usize {
    let lo = end.saturating_sub(MAX_GAP);
    let mut s = end;
    while s > lo && in_gap(text[s - 1]) {
        s -= 1;
    }
    while s < end {
        let g = gap(text, s);
        if s + g == end {
            return g;
        }
        s += g + 1;
    }
    0
}

/// Length of the line break at `text[i..]` that may wrap a fine-grained token (0 if none): `\n`
/// or `\r\n`, after the `=` of a quoted-printable soft break or not.
pub(crate) fn wrap(text: &[u8], i: usize) -> usize {
    let s = text.get(i..).unwrap_or_default();
    let q = usize::from(s.first() == Some(&b'='));
    let r = q + usize::from(s.get(q) == Some(&b'\r'));
    if s.get(r) == Some(&b'\n') {
        r + 1
    } else {
        0
    }
}

/// Where `prefix` starts when its last byte is at `end - 1`, its characters possibly
/// separated by gaps (`gh` + line break + `p_`).
pub(crate) fn prefix_before(text: &[u8], end: usize, prefix: &[u8]) -> Option<usize> {
    let mut at = end;
    for (k, &p) in prefix.iter().enumerate().rev() {
        if k + 1 < prefix.len() && at > 0 && gap_end(text[at - 1]) {
            at -= gap_before(text, at);
        }
        if at == 0 || text[at - 1] != p {
            return None;
        }
        at -= 1;
    }
    Some(at)
}

/// The line of a token that starts at `first`, read on from `at` (its body): known when the
/// line starts at most [`LINE_BACK`] bytes before `at` and no later than `first` (a prefix
/// read across a line break starts a line whose first token character is not known).
pub(crate) fn line_of(text: &[u8], at: usize, first: usize) -> Option<Line> {
    let lo = at.saturating_sub(LINE_BACK);
    let mut start = at;
    while start > lo && !matches!(text[start - 1], b'\n' | b'\r') {
        start -= 1;
    }
    let known = start == 0 || matches!(text[start - 1], b'\n' | b'\r');
    (known && start <= first).then_some(Line { start, first })
}

/// Length of the prefix that the line starting at `next` repeats of `line` (0 if none): the
/// same bytes, any digit for a digit (a timestamp ticks between two lines), within the first
/// [`MAX_LINE_PREFIX`] bytes (the spaces after are a gap of their own) and never past where
/// the token's characters began on `line`, cut back
/// to end just after a byte that is not a letter or digit (the space after a timestamp, `|`,
/// `]`, `>`, `:`), so that it never ends inside a word the two lines happen to share. Of
/// prefixes that differ otherwise (`[build] ` then `[test] `) only what they share is.
pub(crate) fn repeated(text: &[u8], line: Line, next: usize) -> usize {
    let max = (line.first - line.start).min(MAX_LINE_PREFIX);
    let (mut k, mut cut) = (0, 0);
    while k < max {
        let (a, b) = (
            text[line.start + k],
            text.get(next + k).copied().unwrap_or(b'\n'),
        );
        if matches!(b, b'\n' | b'\r') || !(a == b || a.is_ascii_digit() && b.is_ascii_digit()) {
            break;
        }
        k += 1;
        if !a.is_ascii_alphanumeric() {
            cut = k;
        }
    }
    cut
}

/// Where the line after the last line break in `text[from..to]` starts, if there is one.
pub(crate) fn after_break(text: &[u8], from: usize, to: usize) -> Option<usize> {
    (from..to)
        .rev()
        .find(|&i| matches!(text[i], b'\n' | b'\r'))
        .map(|i| i + 1)
}

/// Reads up to `max` characters of `class` from `text[from..]`, stepping over gaps between
/// them (and one before the first): the characters go to `chars`, the byte offset after each
/// to `ends`. After a line break, the prefix the new line repeats of the one before is part
/// of the gap ([`repeated`]; the token starts at `first`, its line looked for only then), and
/// the whole gap stays within [`MAX_GAP`].
pub(crate) fn read(
    text: &[u8],
    from: usize,
    first: usize,
    class: Class,
    max: usize,
    chars: &mut Vec<u8>,
    ends: &mut Vec<usize>,
) {
    let mut line = None;
    let mut at = from;
    while chars.len() < max {
        match text.get(at) {
            Some(&b) if class.allows(b) => {
                chars.push(b);
                at += 1;
                ends.push(at);
            }
            _ => {
                let g = gap(text, at);
                if g == 0 {
                    return;
                }
                let mut next = at + g;
                if let Some(start) = after_break(text, at, next) {
                    let l = line.unwrap_or_else(|| line_of(text, from, first));
                    let p = l.map_or(0, |l| repeated(text, l, start));
                    if start + p > next {
                        next = start + p + gap(text, start + p);
                    }
                    line = Some(Some(Line { start, first: next }));
                }
                if next - at > MAX_GAP || !text.get(next).is_some_and(|&b| class.allows(b)) {
                    return;
                }
                at = next;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gaps() {
        assert_eq!(gap(b"\r\n  > > x", 0), 8);
        assert_eq!(gap(b"=\r\nx", 0), 3);
        assert_eq!(gap("\u{200b}\u{ad}x".as_bytes(), 0), 5);
        assert_eq!(gap(b"> x", 0), 0, "a quote mark only after a line break");
        assert_eq!(gap(b"x", 0), 0);
        assert_eq!(gap(" ".repeat(300).as_bytes(), 0), MAX_GAP);
        assert_eq!(gap(b"\x1b[01;31m\x1b[Kx", 0), 11);
        assert_eq!(gap(b"\x1b[01;31x", 0), 0);
        assert_eq!(gap(b"\\_", 0), 1);
        assert_eq!(gap(b"\\x", 0), 0);
        assert_eq!(gap("\u{2028}> \u{a0}\u{e0041}x".as_bytes(), 0), 11);
        assert_eq!(gap("\u{a0}> x".as_bytes(), 0), 2, "U+00A0 is no line break");
        assert_eq!(gap_before(b"ab \n  > x", 8), 6);
        assert_eq!(gap_before(b"ab= \n x", 6), 3, "`=` without its line break");
        assert_eq!(gap_before(b"ab\x1b[mx", 5), 3);
        assert_eq!(gap_before(b"ab\x1b[x", 4), 0);
        let t = b"gh\n  p_";
        assert_eq!(prefix_before(t, t.len(), b"ghp_"), Some(0));
        assert_eq!(prefix_before(b"xghp_", 5, b"ghp_"), Some(1));
        assert_eq!(prefix_before(b"gxp_", 4, b"ghp_"), None);
    }

    #[test]
    fn reads_through_gaps() {
        let text = "ab\n> cd\u{200b}ef=\r\ngh, ij".as_bytes();
        let (mut chars, mut ends) = (Vec::new(), Vec::new());
        read(text, 0, 0, Class::Alnum, 100, &mut chars, &mut ends);
        assert_eq!(chars, b"abcdefgh");
        assert_eq!(*ends.last().unwrap(), text.len() - 4);
    }

    fn read_from(text: &str, at: &str) -> String {
        let (text, from) = (text.as_bytes(), text.find(at).unwrap());
        let (mut chars, mut ends) = (Vec::new(), Vec::new());
        read(text, from, from, Class::Alnum, 100, &mut chars, &mut ends);
        String::from_utf8(chars).unwrap()
    }

    #[test]
    fn a_repeated_line_prefix_is_read_as_part_of_the_gap() {
        let ts = "2026-05-01T10:00:03.2000000Z";
        for (text, want) in [
            (format!("{ts} key: abc\n{ts}      def, ghi"), "abcdef"),
            // A timestamp that ticked; the continuation aligned or not; CRLF; quoting marks.
            (
                "2026-05-01T10:00:03.200Z abc\n2026-05-01T10:00:03.201Z def".into(),
                "abcdef",
            ),
            ("T1 | abc\r\nT1 | def".into(), "abcdef"),
            ("web_1  | x abc\nweb_1  | def".into(), "abcdef"),
            ("[build] abc\n[build] def\n[build] ghi".into(), "abcdefghi"),
            ("> | abc\n> | def".into(), "abcdef"),
            // Not repeated: another step, a prefix that would run into the token's characters,
            // a line longer than LINE_BACK before the token, a prefix longer than
            // MAX_LINE_PREFIX.
            // (`[` is shared: `test` is read on, and a checksum would refuse it.)
            ("[build] abc\n[test] def".into(), "abctest"),
            ("12 abc\n34def".into(), "abc34def"),
            (format!("{p} abc\n{p} def", p = "- ".repeat(150)), "abc"),
            (format!("{p} abc\n{p} def", p = "-- ".repeat(30)), "abc"),
        ] {
            let at = text.find("abc").unwrap();
            assert_eq!(read_from(&text, &text[at..]), want, "{text:?}");
        }
        // The line is known only when it starts within reach and no later than the token.
        assert_eq!(line_of(b"ab\ncd", 4, 3), Some(Line { start: 3, first: 3 }));
        assert_eq!(line_of(b"ab\ncd", 4, 1), None);
        assert_eq!(line_of(&[b'x'; 300], 299, 299), None);
        assert_eq!(
            line_of(&[b'x'; 300], 200, 200),
            Some(Line {
                start: 0,
                first: 200
            })
        );
    }
}
