//! A connection that makes no progress is closed: a socket wrapper whose reads and writes fail
//! once one has waited longer than its bound.
//!
//! hyper bounds reading a request head (`header_read_timeout`), but not writing the answer: a
//! client that pipelines requests and never reads the responses fills its socket buffer, hyper
//! waits to write for ever, and the connection keeps its permit (`--max-connections` of them
//! exhaust the server). Here a write (or flush) pending longer than the write bound, or a read
//! pending longer than the idle bound, ends the connection.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::{sleep, Sleep};

pub struct Stall<T> {
    io: T,
    write_limit: Duration,
    idle_limit: Duration,
    /// Armed when a write first waits; cleared by any progress.
    write_deadline: Option<Pin<Box<Sleep>>>,
    /// Armed when a read first waits; cleared by any progress.
    read_deadline: Option<Pin<Box<Sleep>>>,
}

impl<T> Stall<T> {
    pub fn new(io: T, write_limit: Duration, idle_limit: Duration) -> Stall<T> {
        Stall {
            io,
            write_limit,
            idle_limit,
            write_deadline: None,
            read_deadline: None,
        }
    }
}

/// `Pending` until `deadline` (armed now with `limit` if unset) passes, then an error.
fn waited(
    deadline: &mut Option<Pin<Box<Sleep>>>,
    limit: Duration,
    what: &'static str,
    cx: &mut Context<'_>,
) -> Poll<io::Error> {
    let timer = deadline.get_or_insert_with(|| Box::pin(sleep(limit)));
    match timer.as_mut().poll(cx) {
        Poll::Ready(()) => Poll::Ready(io::Error::new(io::ErrorKind::TimedOut, what)),
        Poll::Pending => Poll::Pending,
    }
}

/// `polled`, unless it has been pending past `limit` (then an error); progress disarms it.
fn bounded<R>(
    polled: Poll<io::Result<R>>,
    deadline: &mut Option<Pin<Box<Sleep>>>,
    limit: Duration,
    what: &'static str,
    cx: &mut Context<'_>,
) -> Poll<io::Result<R>> {
    match polled {
        Poll::Pending => waited(deadline, limit, what, cx).map(Err),
        ready => {
            *deadline = None;
            ready
        }
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for Stall<T> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let polled = Pin::new(&mut this.io).poll_read(cx, buf);
        bounded(polled, &mut this.read_deadline, this.idle_limit, "idle", cx)
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for Stall<T> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let polled = Pin::new(&mut this.io).poll_write(cx, buf);
        bounded(
            polled,
            &mut this.write_deadline,
            this.write_limit,
            STALLED,
            cx,
        )
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let polled = Pin::new(&mut this.io).poll_write_vectored(cx, bufs);
        bounded(
            polled,
            &mut this.write_deadline,
            this.write_limit,
            STALLED,
            cx,
        )
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let polled = Pin::new(&mut this.io).poll_flush(cx);
        bounded(
            polled,
            &mut this.write_deadline,
            this.write_limit,
            STALLED,
            cx,
        )
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let polled = Pin::new(&mut this.io).poll_shutdown(cx);
        bounded(
            polled,
            &mut this.write_deadline,
            this.write_limit,
            STALLED,
            cx,
        )
    }
}

const STALLED: &str = "write stalled";

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    #[tokio::test(start_paused = true)]
    async fn a_write_nobody_reads_fails_after_the_bound() {
        // A peer that never reads: a small duplex buffer fills up.
        let (ours, _theirs) = tokio::io::duplex(64);
        let mut s = Stall::new(ours, Duration::from_secs(5), Duration::from_secs(60));
        let started = tokio::time::Instant::now();
        let e = s.write_all(&[0u8; 1024]).await.unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::TimedOut);
        assert_eq!(started.elapsed(), Duration::from_secs(5));
    }

    #[tokio::test(start_paused = true)]
    async fn progress_resets_the_bound() {
        let (ours, mut theirs) = tokio::io::duplex(64);
        let mut s = Stall::new(ours, Duration::from_secs(5), Duration::from_secs(60));
        let reader = tokio::spawn(async move {
            let mut buf = [0u8; 64];
            let mut got = 0;
            // Reads slowly but steadily: 4 s between reads, each under the bound.
            while got < 1024 {
                tokio::time::sleep(Duration::from_secs(4)).await;
                got += theirs.read(&mut buf).await.unwrap();
            }
        });
        s.write_all(&[0u8; 1024]).await.unwrap();
        reader.await.unwrap();
    }

    #[tokio::test(start_paused = true)]
    async fn a_silent_peer_is_dropped_after_the_idle_bound() {
        let (ours, _theirs) = tokio::io::duplex(64);
        let mut s = Stall::new(ours, Duration::from_secs(5), Duration::from_secs(30));
        let mut buf = [0u8; 8];
        let e = s.read(&mut buf).await.unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::TimedOut);
    }
}
