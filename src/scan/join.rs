//! Reading a proven token's characters wherever they stand: across line breaks and the
//! indentation or `> ` quoting after them, spaces and tabs, quoted-printable soft line breaks
//! (`=` + line break), shell continuations (`\` + line break) and invisible characters (zero-width
//! space, non-joiner, joiner, word joiner, BOM, soft hyphen). Only a checksum decides whether
//! the characters read form a token, so reading liberally costs no false positive (two
//! unrelated fragments match by chance once in 2^32).

use super::formats::Class;

/// Longest gap between two characters of a token, in bytes: room for a line break, deep
/// indentation and a few levels of quoting.
pub(crate) const MAX_GAP: usize = 32;

/// Length of the invisible character at the start of `s` (0 if none): U+200B–U+200D,
/// U+2060, U+FEFF (3 bytes each in UTF-8) and the soft hyphen U+00AD (2).
fn invisible(s: &[u8]) -> usize {
    match s {
        [0xE2, 0x80, 0x8B..=0x8D, ..] | [0xE2, 0x81, 0xA0, ..] | [0xEF, 0xBB, 0xBF, ..] => 3,
        [0xC2, 0xAD, ..] => 2,
        _ => 0,
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
            [b'>', ..] if after_break => (1, false),
            _ => (invisible(s), false),
        };
        if n == 0 || at + n - i > MAX_GAP {
            return at - i;
        }
        after_break |= line_break;
        at += n;
    }
}

/// Whether `b` may be part of a gap (a cheap filter before [`gap_before`] parses).
#[inline]
pub(crate) const fn gap_byte(b: u8) -> bool {
    matches!(
        b,
        b' ' | b'\t' | b'\r' | b'\n' | b'=' | b'\\' | b'>' | 0x80..=0xBF | 0xC2 | 0xE2 | 0xEF
    )
}

/// Length of the gap that ends at `end` (0 if none): the longest one [`gap`] reads forward.
pub(crate) fn gap_before(text: &[u8], end: usize) -> usize {
    let lo = end.saturating_sub(MAX_GAP);
    let mut j = end;
    while j > lo && gap_byte(text[j - 1]) {
        j -= 1;
    }
    (j..end)
        .find(|&s| gap(text, s) == end - s)
        .map_or(0, |s| end - s)
}

/// Where `prefix` starts when its last byte is at `end - 1`, its characters possibly
/// separated by gaps (`gh` + line break + `p_`).
pub(crate) fn prefix_before(text: &[u8], end: usize, prefix: &[u8]) -> Option<usize> {
    let mut at = end;
    for (k, &p) in prefix.iter().enumerate().rev() {
        if k + 1 < prefix.len() && at > 0 && gap_byte(text[at - 1]) {
            at -= gap_before(text, at);
        }
        if at == 0 || text[at - 1] != p {
            return None;
        }
        at -= 1;
    }
    Some(at)
}

/// Reads up to `max` characters of `class` from `text[from..]`, stepping over gaps between
/// them (and one before the first): the characters go to `chars`, the byte offset after each
/// to `ends`.
pub(crate) fn read(
    text: &[u8],
    from: usize,
    class: Class,
    max: usize,
    chars: &mut Vec<u8>,
    ends: &mut Vec<usize>,
) {
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
                if g == 0 || !text.get(at + g).is_some_and(|&b| class.allows(b)) {
                    return;
                }
                at += g;
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
        assert_eq!(gap(" ".repeat(100).as_bytes(), 0), MAX_GAP);
        let t = b"gh\n  p_";
        assert_eq!(prefix_before(t, t.len(), b"ghp_"), Some(0));
        assert_eq!(prefix_before(b"xghp_", 5, b"ghp_"), Some(1));
        assert_eq!(prefix_before(b"gxp_", 4, b"ghp_"), None);
    }

    #[test]
    fn reads_through_gaps() {
        let text = "ab\n> cd\u{200b}ef=\r\ngh, ij".as_bytes();
        let (mut chars, mut ends) = (Vec::new(), Vec::new());
        read(text, 0, Class::Alnum, 100, &mut chars, &mut ends);
        assert_eq!(chars, b"abcdefgh");
        assert_eq!(*ends.last().unwrap(), text.len() - 4);
    }
}
