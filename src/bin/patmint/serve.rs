//! `patmint serve`: a forward-auth endpoint on hyper. The proxy (nginx `auth_request`,
//! Traefik `forwardAuth`, Caddy `forward_auth`) asks before each request; the answer is 204
//! (allow, with `X-Patmint-Token-Name`), 401 with `WWW-Authenticate` (no, malformed, unknown,
//! expired or replaced token) or 403 (a valid token without enough access).
//!
//! The records file is polled and reloaded when it changes; a file that cannot be read or
//! parsed never takes effect (the last good set stays, and the log says why). Every decision
//! is one JSON log line on stderr, with the record's name and the reason, never the token
//! (nor the request's URI, where a token may sit in a query string).

use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Condvar, Mutex, PoisonError, RwLock};
use std::time::{Duration, Instant};

use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::header::{HeaderMap, HeaderValue, AUTHORIZATION, WWW_AUTHENTICATE};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use patmint::verify::{RecordSet, Requirement, Verdict};
use serde_json::json;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use zeroize::Zeroizing;

use crate::access::now;
use crate::records_file;

#[derive(clap::Args)]
pub struct ServeArgs {
    /// The records file (an export file); reloaded when it changes.
    #[arg(long, value_name = "FILE")]
    records: PathBuf,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8787")]
    listen: SocketAddr,
    /// The realm of the `WWW-Authenticate: Basic` challenge.
    #[arg(long, default_value = "patmint")]
    realm: String,
    /// Most connections open at once; more are closed on arrival.
    #[arg(long, default_value_t = 4096)]
    max_connections: usize,
    /// Seconds a client has to send a request's headers (and the longest a keep-alive
    /// connection may sit idle).
    #[arg(long, default_value_t = 10)]
    header_timeout: u64,
    /// How often the records file is checked for changes, in milliseconds.
    #[arg(long, default_value_t = 200, value_parser = clap::value_parser!(u64).range(10..=60_000))]
    reload_interval_ms: u64,
    /// Worker threads (default: one per core).
    #[arg(long)]
    threads: Option<usize>,
}

/// The largest request head (request line + headers) read; hyper answers 431 beyond it.
const MAX_HEAD_BYTES: usize = 16 * 1024;
/// The longest `Authorization` value considered; a longer one is malformed.
const MAX_AUTHORIZATION_BYTES: usize = 2048;

struct State {
    records: RwLock<Arc<RecordSet>>,
    challenge: HeaderValue,
    log: Log,
}

/// Log lines are appended to one buffer that a thread writes out in batches: a `write` and a
/// wake-up per batch (at most every [`LOG_BATCH`]), not per request — waking the writer for
/// each line cost more than answering the request on a 2-core machine. The buffer is bounded:
/// if stderr cannot keep up, requests wait for room (a decision is never answered unlogged,
/// never dropped, and memory stays flat). [`Log::close`] writes what is left.
#[derive(Clone)]
struct Log(Arc<LogShared>);

struct LogShared {
    pending: Mutex<Pending>,
    /// Bytes buffered at most ([`LOG_BUFFER`]; smaller in tests).
    capacity: usize,
    /// The writer waits here for a first line.
    wake: Condvar,
    /// Producers wait here while the buffer is full.
    room: Condvar,
}

#[derive(Default)]
struct Pending {
    lines: Vec<u8>,
    closed: bool,
}

/// Bytes buffered for the log writer at most (about 16 000 decisions).
const LOG_BUFFER: usize = 4 << 20;
/// How long the writer lets lines gather after the first one of a batch.
const LOG_BATCH: Duration = Duration::from_millis(5);

thread_local! {
    /// A worker's scratch line and the RFC 3339 form of the second it was last stamped with:
    /// a decision's line is serialized without an allocation.
    static SCRATCH: std::cell::RefCell<(Vec<u8>, i64, String)> =
        std::cell::RefCell::new((Vec::with_capacity(512), i64::MIN, String::new()));
}

impl Log {
    /// A log whose lines go to stderr.
    fn start() -> (Log, std::thread::JoinHandle<()>) {
        Log::start_with(std::io::stderr(), LOG_BUFFER)
    }

    fn start_with(
        mut out: impl std::io::Write + Send + 'static,
        capacity: usize,
    ) -> (Log, std::thread::JoinHandle<()>) {
        let shared = Arc::new(LogShared {
            pending: Mutex::new(Pending::default()),
            capacity,
            wake: Condvar::new(),
            room: Condvar::new(),
        });
        let log = Log(shared.clone());
        let handle = std::thread::spawn(move || {
            let mut batch = Vec::with_capacity(64 * 1024);
            // A poisoned lock still holds whole lines (each is appended in one call).
            let lock = || {
                shared
                    .pending
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
            };
            loop {
                let closed = shared
                    .wake
                    .wait_while(lock(), |p| p.lines.is_empty() && !p.closed)
                    .unwrap_or_else(PoisonError::into_inner)
                    .closed;
                if !closed {
                    std::thread::sleep(LOG_BATCH);
                }
                let closed = {
                    let mut p = lock();
                    std::mem::swap(&mut p.lines, &mut batch);
                    p.closed
                };
                shared.room.notify_all();
                let _ = out.write_all(&batch);
                let _ = out.flush();
                batch.clear();
                if batch.capacity() > capacity {
                    batch.shrink_to(64 * 1024);
                }
                if closed && lock().lines.is_empty() {
                    return;
                }
            }
        });
        (log, handle)
    }

    /// Appends one line: `write` serializes it (without the line break) into a scratch
    /// buffer, then `"time"` is added as the last field.
    fn append(&self, write: impl FnOnce(&mut Vec<u8>)) {
        SCRATCH.with(|scratch| {
            // A line written while this thread's scratch is in use (never expected) gets a
            // scratch of its own rather than being lost.
            let mut own = None;
            let mut borrowed = scratch.try_borrow_mut().ok();
            let (line, stamped, time) = match borrowed.as_deref_mut() {
                Some((l, s, t)) => (l, s, t),
                None => {
                    let (l, s, t) = own.insert((Vec::new(), i64::MIN, String::new()));
                    (l, s, t)
                }
            };
            line.clear();
            write(line);
            let secs = now();
            if *stamped != secs {
                *stamped = secs;
                *time = patmint::date::to_rfc3339(secs);
            }
            // `{…}` → `{…,"time":"…"}` (an RFC 3339 time needs no escaping).
            if line.last() == Some(&b'}') {
                line.pop();
                if line.len() > 1 {
                    line.push(b',');
                }
                line.extend_from_slice(b"\"time\":\"");
                line.extend_from_slice(time.as_bytes());
                line.extend_from_slice(b"\"}");
            }
            line.push(b'\n');
            let shared = &self.0;
            let mut p = shared
                .pending
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            while p.lines.len() >= shared.capacity && !p.closed {
                p = shared.room.wait(p).unwrap_or_else(PoisonError::into_inner);
            }
            let first = p.lines.is_empty();
            p.lines.extend_from_slice(line);
            drop(p);
            if first {
                shared.wake.notify_one();
            }
        });
    }

    /// An event (start, reload, …): rare, so through a JSON value.
    fn line(&self, value: serde_json::Value) {
        self.append(|line| {
            let _ = serde_json::to_writer(line, &value);
        });
    }

    /// A decision's line.
    fn decision(&self, d: &DecisionLine<'_>) {
        self.append(|line| {
            let _ = serde_json::to_writer(line, d);
        });
    }

    /// Writes what is left and stops the writer.
    fn close(&self) {
        self.0
            .pending
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .closed = true;
        self.0.wake.notify_all();
        self.0.room.notify_all();
    }
}

/// One decision's log line. The fields are in the order the line had when it was built as a
/// JSON map (sorted; `time` is appended last), which log readers and the e2e test rely on.
#[derive(serde::Serialize)]
struct DecisionLine<'a> {
    decision: &'static str,
    forwarded_for: Option<&'a str>,
    micros: u64,
    reason: Option<&'static str>,
    record: Option<&'a str>,
    remote: Shown<SocketAddr>,
    require: Required<'a>,
    status: u16,
}

#[derive(serde::Serialize)]
struct Required<'a> {
    permissions: Permissions<'a>,
    repositories: &'a [String],
    scopes: &'a [&'static str],
}

/// A value serialized through its `Display` form (no intermediate `String`).
struct Shown<T>(T);

impl<T: std::fmt::Display> serde::Serialize for Shown<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

/// Permissions as `name:level` strings.
struct Permissions<'a>(&'a [(&'static str, patmint::permissions::Level)]);

impl serde::Serialize for Permissions<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(
            self.0
                .iter()
                .map(|&(id, level)| Shown(Permission(id, level))),
        )
    }
}

struct Permission(&'static str, patmint::permissions::Level);

impl std::fmt::Display for Permission {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.0, self.1)
    }
}

pub fn run(args: ServeArgs) -> ExitCode {
    let set = match records_file::load(&args.records) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("patmint: {}: {e}", args.records.display());
            return ExitCode::from(2);
        }
    };
    let challenge = match HeaderValue::from_str(&format!(
        "Basic realm=\"{}\", charset=\"UTF-8\"",
        args.realm
    )) {
        Ok(v) if !args.realm.contains('"') => v,
        _ => {
            eprintln!("patmint: --realm must be printable ASCII without quotes");
            return ExitCode::from(2);
        }
    };
    let mut builder = tokio::runtime::Builder::new_multi_thread();
    if let Some(n) = args.threads {
        builder.worker_threads(n.max(1));
    }
    let runtime = match builder.enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("patmint: cannot start the runtime: {e}");
            return ExitCode::from(1);
        }
    };
    let (log, log_thread) = Log::start();
    let state = Arc::new(State {
        records: RwLock::new(Arc::new(set)),
        challenge,
        log,
    });
    let code = runtime.block_on(serve(args, state.clone()));
    drop(runtime);
    state.log.close();
    let _ = log_thread.join();
    code
}

async fn serve(args: ServeArgs, state: Arc<State>) -> ExitCode {
    let listener = match TcpListener::bind(args.listen).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("patmint: cannot listen on {}: {e}", args.listen);
            return ExitCode::from(1);
        }
    };
    let records = state.records.read().map(|s| s.len()).unwrap_or(0);
    state.log.line(json!({
        "event": "listening",
        "address": listener.local_addr().map(|a| a.to_string()).unwrap_or_default(),
        "records": records,
    }));
    tokio::spawn(reload_loop(
        args.records.clone(),
        Duration::from_millis(args.reload_interval_ms),
        state.clone(),
    ));
    let permits = Arc::new(Semaphore::new(args.max_connections.max(1)));
    let header_timeout = Duration::from_secs(args.header_timeout.max(1));
    let mut last_full_log: Option<Instant> = None;
    let mut shutdown = std::pin::pin!(shutdown_signal());
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of file descriptors and the like: pause rather than spin.
                    state.log.line(json!({"event": "accept_error", "error": e.to_string()}));
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let Ok(permit) = permits.clone().try_acquire_owned() else {
            drop(stream);
            if last_full_log.is_none_or(|t| t.elapsed() > Duration::from_secs(1)) {
                last_full_log = Some(Instant::now());
                state.log.line(json!({
                    "event": "connection_limit",
                    "max_connections": args.max_connections,
                }));
            }
            continue;
        };
        let _ = stream.set_nodelay(true);
        let state = state.clone();
        tokio::spawn(async move {
            let service = service_fn(|req| {
                let state = state.clone();
                async move { Ok::<_, Infallible>(handle(&state, peer, req)) }
            });
            let _ = http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(header_timeout)
                .max_buf_size(MAX_HEAD_BYTES)
                .serve_connection(TokioIo::new(stream), service)
                .await;
            drop(permit);
        });
    }
    state.log.line(json!({"event": "stopped"}));
    ExitCode::SUCCESS
}

async fn shutdown_signal() {
    use tokio::signal::unix::{signal, SignalKind};
    match signal(SignalKind::terminate()) {
        Ok(mut term) => {
            tokio::select! {
                _ = term.recv() => {}
                _ = tokio::signal::ctrl_c() => {}
            }
        }
        Err(_) => {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}

/// What identifies a version of the file without reading it.
fn signature(path: &std::path::Path) -> Option<(u64, u64, i64, i64, u64)> {
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::metadata(path).ok()?;
    Some((m.dev(), m.ino(), m.mtime(), m.mtime_nsec(), m.size()))
}

async fn reload_loop(path: PathBuf, every: Duration, state: Arc<State>) {
    let mut seen = signature(&path);
    let mut ticker = tokio::time::interval(every);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticker.tick().await;
        let now_sig = signature(&path);
        if now_sig == seen {
            continue;
        }
        seen = now_sig;
        if now_sig.is_none() {
            state.log.line(json!({
                "event": "reload_failed",
                "error": "the records file is missing; the last good records stay in use",
            }));
            continue;
        }
        let p = path.clone();
        let loaded = tokio::task::spawn_blocking(move || records_file::load(&p)).await;
        match loaded {
            Ok(Ok(set)) => {
                let n = set.len();
                if let Ok(mut current) = state.records.write() {
                    *current = Arc::new(set);
                }
                state.log.line(json!({"event": "reloaded", "records": n}));
            }
            Ok(Err(e)) => state.log.line(json!({
                "event": "reload_failed",
                "error": format!("{e}; the last good records stay in use"),
            })),
            Err(e) => state
                .log
                .line(json!({"event": "reload_failed", "error": e.to_string()})),
        }
    }
}

fn respond(status: StatusCode) -> Response<Full<Bytes>> {
    let mut r = Response::new(Full::new(Bytes::new()));
    *r.status_mut() = status;
    r
}

fn handle(state: &State, peer: SocketAddr, req: Request<Incoming>) -> Response<Full<Bytes>> {
    if req.uri().path() == "/healthz" {
        let mut r = Response::new(Full::new(Bytes::from_static(b"ok\n")));
        r.headers_mut()
            .insert("content-type", HeaderValue::from_static("text/plain"));
        return r;
    }
    let started = Instant::now();
    let requirement = match requirement(req.headers(), req.uri().query()) {
        Ok(r) => r,
        Err(e) => {
            state.log.line(json!({
                "remote": peer.to_string(),
                "status": 400,
                "decision": "error",
                "error": e,
            }));
            return respond(StatusCode::BAD_REQUEST);
        }
    };
    let token = credentials(req.headers());
    let set = match state.records.read() {
        Ok(s) => s.clone(),
        Err(_) => return respond(StatusCode::INTERNAL_SERVER_ERROR),
    };
    let (status, reason, name) = match &token {
        None => (StatusCode::UNAUTHORIZED, Some("missing"), None),
        Some(t) => {
            let verdict = set.verify(t, now(), &requirement);
            let status = match verdict {
                Verdict::Allow(_) => StatusCode::NO_CONTENT,
                Verdict::Deny(r, _) if r.is_unauthenticated() => StatusCode::UNAUTHORIZED,
                Verdict::Deny(..) => StatusCode::FORBIDDEN,
            };
            (status, verdict.reason().map(|r| r.code()), verdict.name())
        }
    };
    drop(token);
    let mut response = respond(status);
    let headers = response.headers_mut();
    if status == StatusCode::UNAUTHORIZED {
        headers.insert(WWW_AUTHENTICATE, state.challenge.clone());
    }
    if let Some(reason) = reason {
        headers.insert("x-patmint-reason", HeaderValue::from_static(reason));
    }
    if let (Some(name), StatusCode::NO_CONTENT) = (name, status) {
        if let Ok(v) = HeaderValue::from_str(&header_safe(name)) {
            headers.insert("x-patmint-token-name", v);
        }
    }
    let forwarded = req
        .headers()
        .get("x-forwarded-for")
        .or_else(|| req.headers().get("x-real-ip"))
        .and_then(|v| v.to_str().ok())
        .map(|v| v.char_indices().nth(100).map_or(v, |(i, _)| &v[..i]));
    state.log.decision(&DecisionLine {
        decision: if status == StatusCode::NO_CONTENT {
            "allow"
        } else {
            "deny"
        },
        forwarded_for: forwarded,
        micros: started.elapsed().as_micros() as u64,
        reason,
        record: name,
        remote: Shown(peer),
        require: Required {
            permissions: Permissions(requirement.permissions()),
            repositories: requirement.repositories(),
            scopes: requirement.scopes(),
        },
        status: status.as_u16(),
    });
    response
}

/// A record name as a header value: printable ASCII kept, anything else percent-encoded.
fn header_safe(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for b in name.bytes() {
        if (0x20..0x7f).contains(&b) && b != b'%' {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The requirement: `X-Patmint-Scope`, `X-Patmint-Permission`, `X-Patmint-Repo` (comma lists,
/// possibly repeated) and the query parameters `scope`, `permission`, `repo`.
fn requirement(headers: &HeaderMap, query: Option<&str>) -> Result<Requirement, String> {
    let mut lists: [Vec<String>; 3] = Default::default();
    for (i, name) in ["x-patmint-scope", "x-patmint-permission", "x-patmint-repo"]
        .iter()
        .enumerate()
    {
        for v in headers.get_all(*name) {
            let v = v
                .to_str()
                .map_err(|_| format!("{name} is not printable ASCII"))?;
            lists[i].push(v.to_owned());
        }
    }
    for pair in query.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let slot = match k {
            "scope" => 0,
            "permission" => 1,
            "repo" => 2,
            _ => continue,
        };
        lists[slot].push(percent_decode(v).ok_or("a query parameter is not valid UTF-8")?);
    }
    Requirement::parse(&lists[0], &lists[1], &lists[2]).map_err(|e| e.to_string())
}

fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' => {
                let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// The token of `Authorization`: `Basic` (the token as the password, or as the user name with
/// an empty or `x-oauth-basic` password — what git and curl send), `Bearer` or GitHub's
/// `token` scheme. `None` when there is no (single) such header; a malformed one yields a
/// string that fails the token check.
fn credentials(headers: &HeaderMap) -> Option<Zeroizing<String>> {
    let mut values = headers.get_all(AUTHORIZATION).iter();
    let value = values.next()?;
    if values.next().is_some() {
        return Some(Zeroizing::new(String::new()));
    }
    let raw = value.as_bytes();
    if raw.len() > MAX_AUTHORIZATION_BYTES {
        return Some(Zeroizing::new(String::new()));
    }
    let (scheme, rest) = match raw.iter().position(|&c| c == b' ') {
        Some(i) => (&raw[..i], &raw[i + 1..]),
        None => (raw, &raw[raw.len()..]),
    };
    let rest = rest.trim_ascii();
    let utf8 = |b: &[u8]| Zeroizing::new(String::from_utf8_lossy(b).into_owned());
    if scheme.eq_ignore_ascii_case(b"bearer") || scheme.eq_ignore_ascii_case(b"token") {
        return Some(utf8(rest));
    }
    if !scheme.eq_ignore_ascii_case(b"basic") {
        return Some(Zeroizing::new(String::new()));
    }
    let Some(decoded) = base64_decode(rest) else {
        return Some(Zeroizing::new(String::new()));
    };
    let (user, password) = match decoded.iter().position(|&c| c == b':') {
        Some(i) => (&decoded[..i], &decoded[i + 1..]),
        None => (&decoded[..], &decoded[decoded.len()..]),
    };
    if password.is_empty() || password == b"x-oauth-basic" {
        Some(utf8(user))
    } else {
        Some(utf8(password))
    }
}

/// Standard base64 (with or without padding) into a zeroized buffer.
fn base64_decode(s: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    let s = s
        .strip_suffix(b"==")
        .or_else(|| s.strip_suffix(b"="))
        .unwrap_or(s);
    let mut out = Zeroizing::new(Vec::with_capacity(s.len() * 3 / 4));
    let mut acc: u32 = 0;
    let mut bits = 0;
    for &c in s {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    zeroize::Zeroize::zeroize(&mut acc);
    // A single leftover character carries less than a byte: not base64.
    if bits >= 6 {
        return None;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn auth(v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(AUTHORIZATION, HeaderValue::from_str(v).unwrap());
        h
    }

    #[test]
    fn credentials_from_every_scheme() {
        let t = "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";
        let b64 = |s: &str| {
            // Small encoder for the test.
            const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
            let mut out = String::new();
            for chunk in s.as_bytes().chunks(3) {
                let n = chunk.iter().fold(0u32, |a, &c| a << 8 | u32::from(c))
                    << (8 * (3 - chunk.len()));
                for k in 0..=chunk.len() {
                    out.push(char::from(A[(n >> (18 - 6 * k) & 63) as usize]));
                }
                out.push_str(&"=".repeat(3 - chunk.len()));
            }
            out
        };
        for v in [
            format!("Bearer {t}"),
            format!("token {t}"),
            format!("TOKEN  {t} "),
            format!("Basic {}", b64(&format!("git:{t}"))),
            format!("basic {}", b64(&format!("{t}:"))),
            format!("Basic {}", b64(&format!("{t}:x-oauth-basic"))),
            format!("Basic {}", b64(t)),
        ] {
            assert_eq!(
                credentials(&auth(&v)).as_deref().map(|s| s.as_str()),
                Some(t),
                "{v}"
            );
        }
        assert_eq!(credentials(&HeaderMap::new()), None);
        for bad in [
            "Digest x",
            "Basic !!!!",
            "Basic Q",
            &"Bearer x".repeat(1000),
        ] {
            assert_eq!(
                credentials(&auth(bad)).as_deref().map(|s| s.as_str()),
                Some(""),
                "{bad}"
            );
        }
    }

    #[test]
    fn requirement_from_headers_and_query() {
        let mut h = HeaderMap::new();
        h.append("x-patmint-scope", HeaderValue::from_static("repo, gist"));
        h.append("x-patmint-scope", HeaderValue::from_static("workflow"));
        let r = requirement(&h, Some("scope=read%3Aorg&x=1&scope=")).unwrap();
        assert_eq!(r.scopes(), ["repo", "gist", "workflow", "read:org"]);
        assert!(requirement(&h, Some("scope=nope")).is_err());
        assert!(requirement(&HeaderMap::new(), Some("scope=%ff")).is_err());
        assert!(requirement(&HeaderMap::new(), Some("scope=%f")).is_err());
        assert!(requirement(&HeaderMap::new(), None).unwrap().is_empty());
    }

    /// A writer that is slow and shares what it got.
    #[derive(Clone, Default)]
    struct Slow(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Slow {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            std::thread::sleep(Duration::from_micros(200));
            self.0.lock().unwrap().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn the_log_keeps_every_line_in_order_under_back_pressure_and_writes_the_rest_on_close() {
        let out = Slow::default();
        // Room for a few lines only: writers wait for the slow output, none is dropped.
        let (log, writer) = Log::start_with(out.clone(), 1024);
        let threads: Vec<_> = (0..4)
            .map(|k| {
                let log = log.clone();
                std::thread::spawn(move || {
                    for i in 0..500 {
                        log.line(json!({"k": k, "i": i}));
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        log.line(json!({"event": "stopped"}));
        log.close();
        writer.join().unwrap();
        let text = String::from_utf8(out.0.lock().unwrap().clone()).unwrap();
        let lines: Vec<serde_json::Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 4 * 500 + 1);
        assert_eq!(lines.last().unwrap()["event"], "stopped");
        for k in 0..4 {
            let seen: Vec<_> = lines
                .iter()
                .filter(|l| l["k"] == k)
                .map(|l| l["i"].clone())
                .collect();
            assert_eq!(seen, (0..500).map(|i| json!(i)).collect::<Vec<_>>());
        }
        assert!(lines
            .iter()
            .all(|l| l["time"].as_str().is_some_and(|t| t.ends_with('Z'))));
    }

    #[test]
    fn a_decision_line_is_the_json_map_it_replaced() {
        let requirement =
            Requirement::parse(&["repo"], &["contents:read", "issues:write"], &["a/b"]).unwrap();
        let (log, writer) = Log::start_with(Slow::default(), LOG_BUFFER);
        let line = DecisionLine {
            decision: "allow",
            forwarded_for: Some("1.2.3.4"),
            micros: 51,
            reason: None,
            record: Some("ci \"x\" é\n"),
            remote: Shown("127.0.0.1:41602".parse().unwrap()),
            require: Required {
                permissions: Permissions(requirement.permissions()),
                repositories: requirement.repositories(),
                scopes: requirement.scopes(),
            },
            status: 204,
        };
        let ours = serde_json::to_string(&line).unwrap();
        // What the line was: a JSON map (sorted keys), built field by field.
        let map = json!({
            "remote": "127.0.0.1:41602",
            "forwarded_for": "1.2.3.4",
            "status": 204,
            "decision": "allow",
            "reason": null,
            "record": "ci \"x\" é\n",
            "require": {
                "scopes": ["repo"],
                "permissions": ["contents:read", "issues:write"],
                "repositories": ["a/b"],
            },
            "micros": 51,
        });
        assert_eq!(ours, map.to_string());
        log.close();
        writer.join().unwrap();
    }

    #[test]
    fn header_safe_names() {
        assert_eq!(header_safe("ci deploy"), "ci deploy");
        assert_eq!(header_safe("é\n%"), "%C3%A9%0A%25");
    }
}
