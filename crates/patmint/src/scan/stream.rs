//! Scanning a stream (a file, stdin) in bounded memory, with line and column numbers. A stream
//! in UTF-16LE (what PowerShell's `>` writes) is read as text and redacted in UTF-16LE.

use std::io::{self, Read, Write};

use zeroize::Zeroizing;

use super::{Finding, Scanner, LEFT_CONTEXT, MAX_CANDIDATE_LEN};

/// A finding with its position in the stream.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located {
    /// The finding; its range is in bytes from the start of the stream (of the stream as
    /// read: in a UTF-16LE stream, two bytes per UTF-16 unit, the BOM included).
    pub finding: Finding,
    /// 1-based line number.
    pub line: u64,
    /// 1-based column, in characters: ASCII and UTF-8 lead bytes are counted, so in text that
    /// is not UTF-8 a stray continuation byte (`0x80`–`0xBF`) adds nothing.
    pub column: u64,
}

/// Bytes read at a time.
const CHUNK: usize = 64 * 1024;
/// Bytes kept unscanned at the end of the buffer until more arrive, so that no candidate is
/// cut at a buffer boundary (its right boundary needs one byte after it).
const MARGIN: usize = MAX_CANDIDATE_LEN + 1;
/// Bytes at the start of a stream that decide whether it is UTF-16LE.
const SNIFF: usize = 512;
/// Size of the buffer until the input outgrows it.
const START: usize = 8 * 1024;

/// Where the bytes before the resume point stand: line, column, the absolute offset and the
/// UTF-16 units they make.
struct Cursor {
    offset: u64,
    units: u64,
    line: u64,
    column: u64,
}

impl Cursor {
    fn pass(&mut self, bytes: &[u8]) {
        for &b in bytes {
            if b == b'\n' {
                self.line += 1;
                self.column = 1;
            } else if crate::utf8::is_char_start(b) {
                self.column += 1;
            }
            // A character is one UTF-16 unit, two from 4-byte UTF-8 up.
            self.units += u64::from(b & 0xC0 != 0x80) + u64::from(b >= 0xF0);
        }
        self.offset += bytes.len() as u64;
    }

    /// Where the cursor stands in the stream as read.
    fn position(&self, utf16: bool) -> usize {
        (if utf16 { 2 * self.units } else { self.offset }) as usize
    }
}

impl Scanner {
    /// Scans `input` in chunks of 64 KiB, calling `found` for each finding in order; with
    /// `redacted`, also writes the input there with every finding replaced by its masked form.
    /// Memory stays bounded (a chunk plus the longest candidate) however long the input or
    /// its lines, and a candidate split across two reads is found once.
    ///
    /// UTF-16LE input — a BOM (`FF FE`) and at least an eighth of the first 256 units ASCII,
    /// or no BOM and at least half of them ASCII, never a NUL unit (UTF-8 text has no NUL
    /// bytes) — is read as text: findings' ranges count its own bytes, and the redacted text
    /// is written in UTF-16LE, every unit outside the findings (lone surrogates, an odd last
    /// byte) as it was.
    ///
    /// ```
    /// use patmint::scan::Scanner;
    /// let input = "line one\n  key AKIAIOSFODNN7EXAMPLE\n";
    /// let mut out = Vec::new();
    /// let mut seen = Vec::new();
    /// Scanner::default()
    ///     .scan_stream(input.as_bytes(), Some(&mut out), |l| Ok(seen.push((l.line, l.column))))
    ///     .unwrap();
    /// assert_eq!(seen, [(2, 7)]);
    /// assert_eq!(out, "line one\n  key AKIA••••••••••••MPLE\n".as_bytes());
    /// ```
    pub fn scan_stream<R: Read>(
        &self,
        mut input: R,
        redacted: Option<&mut dyn Write>,
        found: impl FnMut(&Located) -> io::Result<()>,
    ) -> io::Result<()> {
        let mut head = Zeroizing::new([0u8; SNIFF]);
        let mut n = 0;
        while n < SNIFF {
            match read_some(&mut input, &mut head[n..])? {
                0 => break,
                k => n += k,
            }
        }
        let input = (&head[..n]).chain(input);
        if !is_utf16le(&head[..n]) {
            return self.stream(&mut Source::Bytes(input), redacted, found);
        }
        let mut source = Source::Utf16 {
            input,
            raw: Zeroizing::new(vec![0; START]),
            kept: 0,
            eof: false,
        };
        let Some(w) = redacted else {
            return self.stream(&mut source, None, found);
        };
        let mut out = Utf16Out {
            inner: w,
            pending: [0; 4],
            len: 0,
        };
        self.stream(&mut source, Some(&mut out), found)?;
        // An odd last byte, which no unit holds, as it was.
        out.inner.write_all(source.leftover())
    }

    /// [`Scanner::scan_stream`] on the text `source` decodes.
    fn stream<R: Read>(
        &self,
        source: &mut Source<R>,
        mut redacted: Option<&mut dyn Write>,
        mut found: impl FnMut(&Located) -> io::Result<()>,
    ) -> io::Result<()> {
        let utf16 = matches!(source, Source::Utf16 { .. });
        // `buf[..len]` holds the text from `cursor.offset - from`; everything before `from`
        // has been reported and written, and stays only as left context. Small at first (most
        // inputs are), then grown once to its full size by a copy into a new buffer: no
        // reallocation leaves an unscrubbed copy behind.
        let mut buf = Zeroizing::new(vec![0; START]);
        let mut len = 0;
        let mut from = 0;
        let mut cursor = Cursor {
            offset: 0,
            units: 0,
            line: 1,
            column: 1,
        };
        let mut findings = Vec::new();
        let mut eof = false;
        while !eof {
            // Once grown there is always room: after a pass at most LEFT_CONTEXT + MARGIN
            // bytes remain (and `fill` needs 4).
            if len + 4 > buf.len() {
                let mut grown = Zeroizing::new(vec![0; CHUNK + MARGIN + LEFT_CONTEXT]);
                grown[..len].copy_from_slice(&buf[..len]);
                buf = grown;
            }
            let n = source.fill(&mut buf[len..])?;
            len += n;
            eof = n == 0;
            let until = if eof { len } else { len.saturating_sub(MARGIN) };
            if until <= from {
                continue;
            }
            findings.clear();
            let next = self.scan_window(&buf[..len], from, until, &mut findings);
            for mut f in findings.drain(..) {
                let before = &buf[from..f.range.start];
                cursor.pass(before);
                if let Some(w) = redacted.as_mut() {
                    w.write_all(before)?;
                    w.write_all(f.masked.as_bytes())?;
                }
                let (line, column, start) = (cursor.line, cursor.column, cursor.position(utf16));
                cursor.pass(&buf[f.range.clone()]);
                from = f.range.end;
                f.range = start..cursor.position(utf16);
                found(&Located {
                    finding: f,
                    line,
                    column,
                })?;
            }
            let rest = &buf[from..next];
            cursor.pass(rest);
            if let Some(w) = redacted.as_mut() {
                w.write_all(rest)?;
            }
            // Keep a little left context and what is not scanned yet; the stale tail is
            // overwritten by the next reads and zeroized at the end.
            let keep = next.saturating_sub(LEFT_CONTEXT);
            buf.copy_within(keep..len, 0);
            len -= keep;
            from = next - keep;
        }
        Ok(())
    }
}

/// Whether `head`, the first bytes of a stream, is UTF-16LE text (see
/// [`Scanner::scan_stream`]): PowerShell's `>` and `Out-File` write it with a BOM, .NET's
/// writers and pipes may not. A binary file can look like it; a UTF-8 text cannot.
fn is_utf16le(head: &[u8]) -> bool {
    let (bom, units) = match head {
        [0xFF, 0xFE, rest @ ..] => (true, rest),
        _ => (false, head),
    };
    let n = units.len() / 2;
    let mut ascii = 0;
    for u in units.chunks_exact(2) {
        match u {
            [0, 0] => return false,
            [_, 0] => ascii += 1,
            _ => {}
        }
    }
    if bom {
        ascii * 8 >= n
    } else {
        n >= 8 && ascii * 2 >= n
    }
}

/// The text of a stream: its bytes, or UTF-16LE decoded to WTF-8 (UTF-8 that also encodes
/// lone surrogates, so that [`Utf16Out`] writes back the very units read).
enum Source<R> {
    Bytes(R),
    Utf16 {
        input: R,
        /// Bytes read and not decoded yet (`raw[..kept]`): an odd byte, a high surrogate
        /// waiting for its pair, or what did not fit.
        raw: Zeroizing<Vec<u8>>,
        kept: usize,
        eof: bool,
    },
}

impl<R: Read> Source<R> {
    /// Fills the start of `into` (at least 4 bytes), returning how much; 0 at the end.
    fn fill(&mut self, into: &mut [u8]) -> io::Result<usize> {
        match self {
            Source::Bytes(input) => read_some(input, into),
            Source::Utf16 {
                input,
                raw,
                kept,
                eof,
            } => loop {
                let (used, written) = decode_utf16le(&raw[..*kept], into, *eof);
                raw.copy_within(used..*kept, 0);
                *kept -= used;
                if written > 0 || *eof {
                    return Ok(written);
                }
                let n = read_some(input, &mut raw[*kept..])?;
                *eof = n == 0;
                *kept += n;
            },
        }
    }

    /// What is left undecoded at the end: an odd last byte, or nothing.
    fn leftover(&self) -> &[u8] {
        match self {
            Source::Utf16 { raw, kept, .. } => &raw[..*kept],
            Source::Bytes(_) => &[],
        }
    }
}

/// Decodes the UTF-16LE units of `src` into `dst` as WTF-8 while 4 bytes fit, returning the
/// bytes used and written. A high surrogate at the end of `src` waits for its pair unless at
/// the end of the stream.
fn decode_utf16le(src: &[u8], dst: &mut [u8], eof: bool) -> (usize, usize) {
    let unit = |i: usize| {
        src.get(i..i + 2)
            .map(|u| u32::from(u16::from_le_bytes([u[0], u[1]])))
    };
    let (mut i, mut w) = (0, 0);
    while w + 4 <= dst.len() {
        let Some(u) = unit(i) else { break };
        let (mut c, mut step) = (u, 2);
        if (0xD800..0xDC00).contains(&u) {
            match unit(i + 2) {
                Some(lo) if (0xDC00..0xE000).contains(&lo) => {
                    c = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
                    step = 4;
                }
                None if !eof => break,
                _ => {}
            }
        }
        w += encode_wtf8(c, &mut dst[w..]);
        i += step;
    }
    (i, w)
}

/// Writes the code point `c` (a surrogate too) as UTF-8 at the start of `out`: its length.
fn encode_wtf8(c: u32, out: &mut [u8]) -> usize {
    let cont = |shift: u32| 0x80 | (c >> shift & 0x3F) as u8;
    match c {
        0..=0x7F => {
            out[0] = c as u8;
            1
        }
        0x80..=0x7FF => {
            out[..2].copy_from_slice(&[0xC0 | (c >> 6) as u8, cont(0)]);
            2
        }
        0x800..=0xFFFF => {
            out[..3].copy_from_slice(&[0xE0 | (c >> 12) as u8, cont(6), cont(0)]);
            3
        }
        _ => {
            out[..4].copy_from_slice(&[0xF0 | (c >> 18) as u8, cont(12), cont(6), cont(0)]);
            4
        }
    }
}

/// The redacted text of a UTF-16LE stream: WTF-8 (the decoded text, masked forms) written
/// back as UTF-16LE units.
struct Utf16Out<'a> {
    inner: &'a mut dyn Write,
    /// A character split across two writes.
    pending: [u8; 4],
    len: usize,
}

impl Write for Utf16Out<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut out = Zeroizing::new(Vec::with_capacity(2 * buf.len() + 4));
        for &b in buf {
            self.pending[self.len] = b;
            self.len += 1;
            let lead = self.pending[0];
            let need = match lead {
                0xF0.. => 4,
                0xE0.. => 3,
                0xC0.. => 2,
                _ => 1,
            };
            if self.len < need {
                continue;
            }
            let bits = [0x7F, 0x1F, 0x0F, 0x07][need - 1];
            let c = self.pending[1..need]
                .iter()
                .fold(u32::from(lead & bits), |c, &b| c << 6 | u32::from(b & 0x3F));
            // (Nothing but WTF-8 reaches here: the decoded text and masked forms.)
            let c = if need == 1 && lead >= 0x80 { 0xFFFD } else { c };
            if c >= 0x10000 {
                let c = c - 0x10000;
                out.extend_from_slice(&(0xD800 | (c >> 10) as u16).to_le_bytes());
                out.extend_from_slice(&(0xDC00 | (c & 0x3FF) as u16).to_le_bytes());
            } else {
                out.extend_from_slice(&(c as u16).to_le_bytes());
            }
            self.len = 0;
        }
        self.inner.write_all(&out)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// One `read`, retried when interrupted.
fn read_some(input: &mut impl Read, into: &mut [u8]) -> io::Result<usize> {
    loop {
        match input.read(into) {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            other => return other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that returns at most `step` bytes per read.
    struct Trickle<'a>(&'a [u8], usize);
    impl Read for Trickle<'_> {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            let n = self.0.len().min(self.1).min(out.len());
            out[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    fn run(text: &[u8], step: usize) -> (Vec<Located>, Vec<u8>) {
        let mut out = Vec::new();
        let mut seen = Vec::new();
        Scanner::default()
            .scan_stream(Trickle(text, step), Some(&mut out), |l| {
                seen.push(l.clone());
                Ok(())
            })
            .unwrap();
        (seen, out)
    }

    #[test]
    fn matches_whole_text_scan_at_any_read_size() {
        // Public fixture (DataDog's scanner tests), not a live token.
        let ghp = "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";
        let mut text = String::new();
        for i in 0..3000 {
            text.push_str(&format!("{i} lorem_ipsum-dolor é\r\n"));
            if i % 700 == 3 {
                text.push_str(&format!("token {ghp} AKIAIOSFODNN7EXAMPLE\n"));
            }
        }
        let whole = Scanner::default().scan(&text);
        assert_eq!(whole.len(), 10);
        let redacted = Scanner::default().redact(&text);
        for step in [1, 7, 4096, CHUNK, usize::MAX] {
            let (seen, out) = run(text.as_bytes(), step);
            let ranges: Vec<_> = seen.iter().map(|l| l.finding.clone()).collect();
            assert_eq!(ranges, whole, "read size {step}");
            assert_eq!(out, redacted.as_bytes(), "read size {step}");
            // Line and column agree with counting in the text itself.
            for l in &seen {
                let before = &text[..l.finding.range.start];
                assert_eq!(l.line, 1 + before.matches('\n').count() as u64);
                let line_start = before.rfind('\n').map_or(0, |i| i + 1);
                assert_eq!(l.column, 1 + before[line_start..].chars().count() as u64);
            }
        }
    }

    fn utf16le(text: &str) -> Vec<u8> {
        text.encode_utf16().flat_map(u16::to_le_bytes).collect()
    }

    /// Issue 25 item 7: UTF-16LE (PowerShell's `>`), with or without a BOM, is read as text and
    /// the redacted output stays UTF-16LE; offsets are the stream's own bytes.
    #[test]
    fn utf16le_is_scanned_and_redacted_in_utf16le() {
        let ghp = "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";
        let body = format!("PS> $env:GH_TOKEN\r\né 日本 😀 {ghp}\r\nAKIAIOSFODNN7EXAMPLE x\r\n");
        for bom in ["\u{feff}", ""] {
            let text = format!("{bom}{body}");
            let input = utf16le(&text);
            let whole = Scanner::default().scan(&text);
            assert_eq!(whole.len(), 2);
            let expected = utf16le(&Scanner::default().redact(&text));
            for step in [1, 2, 3, 7, 4096, usize::MAX] {
                let (seen, out) = run(&input, step);
                assert_eq!(seen.len(), 2, "bom {bom:?} step {step}");
                assert_eq!(out, expected, "bom {bom:?} step {step}");
                for (l, f) in seen.iter().zip(&whole) {
                    let units = |to: usize| text[..to].encode_utf16().count() * 2;
                    assert_eq!(l.finding.range, units(f.range.start)..units(f.range.end));
                    assert_eq!(l.finding.masked, f.masked);
                    assert!(l.finding.verified == (l.finding.format == "ghp"));
                }
                assert_eq!((seen[0].line, seen[0].column), (2, 8));
                assert_eq!((seen[1].line, seen[1].column), (3, 1));
            }
        }
        // Lone surrogates and an odd last byte are kept as they were.
        let mut input = utf16le(&format!("\u{feff}x {ghp} "));
        input.extend_from_slice(&0xD800u16.to_le_bytes());
        input.extend_from_slice(&utf16le(" y"));
        input.extend_from_slice(&0xDC00u16.to_le_bytes());
        input.push(b'z');
        let (seen, out) = run(&input, 5);
        assert_eq!(seen.len(), 1);
        let mut expected = utf16le(&format!("\u{feff}x {} ", crate::mask(ghp)));
        expected.extend_from_slice(&input[input.len() - 9..]);
        assert_eq!(out, expected);
    }

    /// Text that is not UTF-16LE is read as bytes, as before: a UTF-8 file, a binary file with
    /// NUL bytes, and a short input.
    #[test]
    fn only_utf16le_is_read_as_utf16le() {
        let ghp = "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";
        let mut binary = vec![0u8; 600];
        binary.extend_from_slice(ghp.as_bytes());
        let mut elf = b"\x7fELF\x02\x01\x01\x00".to_vec();
        elf.extend_from_slice(&[0, 0, 3, 0, 0x3e, 0, 1, 0]);
        elf.extend_from_slice(ghp.as_bytes());
        let nul = format!("a\0b\0 {ghp}").into_bytes();
        for input in [ghp.as_bytes().to_vec(), binary, elf, nul] {
            let (seen, out) = run(&input, 64);
            assert_eq!(seen.len(), 1);
            assert_eq!(out.len(), input.len() - 40 + seen[0].finding.masked.len());
        }
    }

    #[test]
    fn long_lines_and_binary_bytes() {
        let ghp = b"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";
        let mut text = vec![0xffu8; 3 * CHUNK + 5];
        text.extend_from_slice(b" ");
        text.extend_from_slice(ghp);
        text.extend_from_slice(&[0x80; 10]);
        let (seen, out) = run(&text, CHUNK);
        assert_eq!(seen.len(), 1);
        assert_eq!(seen[0].finding.range.start, 3 * CHUNK + 6);
        assert_eq!(seen[0].column, 3 * CHUNK as u64 + 7);
        assert_eq!(out.len(), text.len() - 40 + seen[0].finding.masked.len());
    }
}
