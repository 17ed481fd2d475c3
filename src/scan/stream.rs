//! Scanning a stream (a file, stdin) in bounded memory, with line and column numbers.

use std::io::{self, Read, Write};

use zeroize::Zeroizing;

use super::{Finding, Scanner, LEFT_CONTEXT, MAX_CANDIDATE_LEN};

/// A finding with its position in the stream.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located {
    /// The finding; its range is in bytes from the start of the stream.
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

/// Where the bytes before the resume point stand: line, column and the absolute offset.
struct Cursor {
    offset: u64,
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
        }
        self.offset += bytes.len() as u64;
    }
}

impl Scanner {
    /// Scans `input` in chunks of 64 KiB, calling `found` for each finding in order; with
    /// `redacted`, also writes the input there with every finding replaced by its masked form.
    /// Memory stays bounded (a chunk plus the longest candidate) however long the input or
    /// its lines, and a candidate split across two reads is found once.
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
        mut redacted: Option<&mut dyn Write>,
        mut found: impl FnMut(&Located) -> io::Result<()>,
    ) -> io::Result<()> {
        // `buf[..len]` holds the stream from `cursor.offset - from`; everything before `from`
        // has been reported and written, and stays only as left context. Allocated once, so no
        // reallocation leaves an unscrubbed copy behind.
        let mut buf = Zeroizing::new(vec![0; CHUNK + MARGIN + LEFT_CONTEXT]);
        let mut len = 0;
        let mut from = 0;
        let mut cursor = Cursor {
            offset: 0,
            line: 1,
            column: 1,
        };
        let mut findings = Vec::new();
        let mut eof = false;
        while !eof {
            // There is always room: after a pass at most LEFT_CONTEXT + MARGIN bytes remain.
            let n = read_some(&mut input, &mut buf[len..])?;
            len += n;
            eof = n == 0;
            let until = if eof { len } else { len.saturating_sub(MARGIN) };
            if until <= from {
                continue;
            }
            findings.clear();
            let next = self.scan_window(&buf[..len], from, until, &mut findings);
            let base = cursor.offset - from as u64;
            for mut f in findings.drain(..) {
                let before = &buf[from..f.range.start];
                cursor.pass(before);
                if let Some(w) = redacted.as_mut() {
                    w.write_all(before)?;
                    w.write_all(f.masked.as_bytes())?;
                }
                let (line, column) = (cursor.line, cursor.column);
                cursor.pass(&buf[f.range.clone()]);
                from = f.range.end;
                f.range =
                    (base + f.range.start as u64) as usize..(base + f.range.end as u64) as usize;
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
