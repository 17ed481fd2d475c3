//! `patmint scan`'s output when its reader goes away (`| head`): a closed pipe is silence, not
//! an error, until nothing left can change the exit status.

use std::cell::Cell;
use std::io::{self, BufWriter, Write};

/// When to stop once the reader of stdout goes away (`| head`): the exit status must cover
/// every input (a CI gate), so a closed pipe alone does not stop the scan — but then a
/// verified token already decides the status, and stdin may never end
/// (`tail -f log | patmint scan | head -1`), so the scan stops in those two cases.
#[derive(Default)]
pub struct Gate {
    primary_closed: Cell<bool>,
    verified: Cell<bool>,
    endless: Cell<bool>,
}

impl Gate {
    /// Whether a verified token has been found (it decides the exit status).
    pub fn set_verified(&self, verified: bool) {
        self.verified.set(verified);
    }

    /// Whether the input being read is stdin, which may never end.
    pub fn set_endless(&self, endless: bool) {
        self.endless.set(endless);
    }
}

/// A buffered writer for which a closed pipe is silence until the [`Gate`] says stop. The
/// primary output is stdout (the report, or the redacted text with --redact).
pub struct Quiet<'g, W: Write> {
    inner: BufWriter<W>,
    closed: bool,
    gate: &'g Gate,
    primary: bool,
}

impl<'g, W: Write> Quiet<'g, W> {
    /// Writes to `inner`; `primary` for stdout (the output whose reader going away counts).
    pub fn new(inner: W, gate: &'g Gate, primary: bool) -> Self {
        Quiet {
            inner: BufWriter::new(inner),
            closed: false,
            gate,
            primary,
        }
    }

    /// `Ok(done)` for a write into a closed pipe, or the BrokenPipe that stops the scan.
    fn absorb<T>(&mut self, result: io::Result<T>, done: T) -> io::Result<T> {
        match result {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.closed = true;
                let gate = self.gate;
                if self.primary {
                    gate.primary_closed.set(true);
                }
                let settled = gate.verified.get() || gate.endless.get();
                if gate.primary_closed.get() && settled {
                    Err(e)
                } else {
                    Ok(done)
                }
            }
            other => other,
        }
    }
}

impl<W: Write> Write for Quiet<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let written = if self.closed {
            Err(io::ErrorKind::BrokenPipe.into())
        } else {
            self.inner.write(buf)
        };
        self.absorb(written, buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        let flushed = if self.closed {
            Err(io::ErrorKind::BrokenPipe.into())
        } else {
            self.inner.flush()
        };
        self.absorb(flushed, ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A pipe whose reader has gone.
    struct Closed;
    impl Write for Closed {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::ErrorKind::BrokenPipe.into())
        }
        fn flush(&mut self) -> io::Result<()> {
            Err(io::ErrorKind::BrokenPipe.into())
        }
    }

    fn write_through(quiet: &mut Quiet<'_, Closed>) -> io::Result<()> {
        // Past the buffer, so that the write reaches the closed pipe.
        quiet.write_all(&[b'x'; 16 * 1024])?;
        quiet.flush()
    }

    #[test]
    fn a_closed_pipe_stops_only_once_the_outcome_is_settled() {
        let gate = Gate::default();
        let mut out = Quiet::new(Closed, &gate, true);
        assert!(
            write_through(&mut out).is_ok(),
            "a file is read to its end: the status needs it"
        );
        gate.set_verified(true);
        let err = write_through(&mut out).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::BrokenPipe);

        let gate = Gate::default();
        gate.set_endless(true);
        let mut out = Quiet::new(Closed, &gate, true);
        assert!(
            write_through(&mut out).is_err(),
            "stdin may never end: stop"
        );
    }

    #[test]
    fn a_closed_secondary_output_alone_never_stops() {
        let gate = Gate::default();
        gate.set_verified(true);
        gate.set_endless(true);
        let mut report = Quiet::new(Closed, &gate, false);
        assert!(
            write_through(&mut report).is_ok(),
            "stdout (the redacted text) is still read"
        );
    }
}
