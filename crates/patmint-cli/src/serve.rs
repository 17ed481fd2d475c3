//! `patmint serve`: a forward-auth endpoint on hyper. The proxy (nginx `auth_request`,
//! Traefik `forwardAuth`, Caddy `forward_auth`) asks `GET /auth?…` before each request; the
//! answer is 204 (allow, with `X-Patmint-Token-Name`), 401 with `WWW-Authenticate` (no,
//! malformed, unknown, expired or replaced token), 403 (a valid token without enough access)
//! or 400 (a requirement patmint cannot read exactly: refused, never guessed). Any other path
//! is 404, so a proxy that forwards the client's own path is refused, not allowed.
//!
//! The requirement comes from one source the operator chose ([`request`]); the records file
//! is polled and reloaded off the request path ([`reload`]); every decision is one JSON log line
//! on stderr with the record's name and the reason, never the token, the URI, nor anything
//! token-shaped the client put in a logged field ([`log`]); a connection that makes no progress
//! is closed ([`stall`]).

mod log;
mod metrics;
mod reload;
mod request;
mod stall;
mod store_sync;

use std::convert::Infallible;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::header::{HeaderMap, HeaderValue, WWW_AUTHENTICATE};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use patmint::verify::{RecordSet, Verdict};
use serde_json::json;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

use crate::access::now;
use crate::records_file;
use crate::store::Location;
use log::{DecisionLine, Log, Required, Shown, Untrusted};
use request::{credentials, requirement, RequirementSource};

#[derive(clap::Args)]
pub struct ServeArgs {
    /// The records: --records FILE (an export file, reloaded when it changes) or --store URL
    /// (PostgreSQL: kept current by LISTEN/NOTIFY and a periodic resync).
    #[command(flatten)]
    at: crate::store::At,
    /// With --store postgres://…: the longest the last good records serve while the store
    /// is unreachable, in seconds; past it every request is refused and /healthz is unhealthy.
    #[arg(long, default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..=86_400))]
    max_staleness: u64,
    /// With --store postgres://…: how often the store's change counter is asked, besides
    /// each NOTIFY, in milliseconds.
    #[arg(long, default_value_t = 500, value_parser = clap::value_parser!(u64).range(50..=60_000))]
    resync_interval_ms: u64,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8787")]
    listen: SocketAddr,
    /// Where each request's requirement comes from: the query of the auth URI the proxy is
    /// configured with (`/auth?scope=repo`), or `X-Patmint-*` headers the proxy sets (and
    /// strips from the client's request). Never both; the client never writes it.
    #[arg(long, value_enum, default_value = "query")]
    requirement_from: RequirementSource,
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
    /// Seconds an answer may wait to be written (a client that does not read it is closed).
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=3600))]
    write_timeout: u64,
    /// How often the records file is checked for changes, in milliseconds.
    #[arg(long, default_value_t = 200, value_parser = clap::value_parser!(u64).range(10..=60_000))]
    reload_interval_ms: u64,
    /// This instance's name in every log line (default: HOST:PID).
    #[arg(long, value_name = "ID")]
    instance_id: Option<String>,
    /// Worker threads (default: one per core).
    #[arg(long)]
    threads: Option<usize>,
}

/// The largest request head (request line + headers) read; hyper answers 431 beyond it.
const MAX_HEAD_BYTES: usize = 16 * 1024;
/// The forward-auth endpoint: the only path that answers a decision.
const AUTH_PATH: &str = "/auth";
/// How long shutdown waits for connections' tasks before exiting anyway.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(2);

struct State {
    records: RwLock<Arc<RecordSet>>,
    challenge: HeaderValue,
    source: RequirementSource,
    log: Log,
    /// How old the records may be (bounded with a database store).
    freshness: store_sync::Freshness,
    /// Uses to write as last-used (a database store only).
    uses: Option<store_sync::Uses>,
    metrics: metrics::Metrics,
    /// With a database store, the records in use (`records` stays empty): an index and the
    /// changes since it was built, swapped together.
    layered: Option<RwLock<Arc<patmint::store::Layered>>>,
}

impl State {
    /// How many records are in use.
    fn record_count(&self) -> usize {
        match &self.layered {
            Some(l) => l.read().map(|l| l.len()).unwrap_or(0),
            None => self.records.read().map(|s| s.len()).unwrap_or(0),
        }
    }
}

pub fn run(args: ServeArgs) -> ExitCode {
    let at = match args.at.location() {
        Ok(at) => at,
        Err(e) => {
            eprintln!("patmint: {e}");
            return ExitCode::from(2);
        }
    };
    let set = match &at {
        Location::File(path) => match records_file::load(path) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("patmint: {}: {e}", path.display());
                return ExitCode::from(2);
            }
        },
        // Loaded on the runtime, below.
        Location::Postgres(_) => RecordSet::default(),
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
    let (set, version) = match &at {
        Location::Postgres(db) => match runtime.block_on(store_sync::initial(db)) {
            Ok(loaded) => loaded,
            Err(e) => {
                eprintln!("patmint: {}: {e}", db.shown());
                return ExitCode::from(2);
            }
        },
        Location::File(_) => (set, 0),
    };
    let database = matches!(at, Location::Postgres(_));
    let (set, layered) = if database {
        let layered = patmint::store::Layered::new(Arc::new(set));
        (RecordSet::default(), Some(RwLock::new(Arc::new(layered))))
    } else {
        (set, None)
    };
    let (log, log_thread) = Log::start();
    log.set_instance(args.instance_id.clone().unwrap_or_else(default_instance_id));
    let state = Arc::new(State {
        records: RwLock::new(Arc::new(set)),
        challenge,
        source: args.requirement_from,
        log,
        freshness: if database {
            store_sync::Freshness::bounded(Duration::from_secs(args.max_staleness))
        } else {
            store_sync::Freshness::unbounded()
        },
        uses: database.then(store_sync::Uses::default),
        metrics: metrics::Metrics::new(),
        layered,
    });
    let code = runtime.block_on(serve(args, at, version, state.clone()));
    // Connections still open (a client holding one) do not hold up the exit.
    runtime.shutdown_timeout(SHUTDOWN_GRACE);
    state.log.close();
    let _ = log_thread.join();
    code
}

async fn serve(args: ServeArgs, at: Location, version: u64, state: Arc<State>) -> ExitCode {
    let listener = match TcpListener::bind(args.listen).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("patmint: cannot listen on {}: {e}", args.listen);
            return ExitCode::from(1);
        }
    };
    let records = state.record_count();
    state.log.line(json!({
        "event": "listening",
        "address": listener.local_addr().map(|a| a.to_string()).unwrap_or_default(),
        "records": records,
        "requirement_from": format!("{:?}", args.requirement_from).to_lowercase(),
    }));
    match at {
        Location::File(path) => {
            tokio::spawn(reload::reload_loop(
                path,
                Duration::from_millis(args.reload_interval_ms),
                state.clone(),
            ));
        }
        Location::Postgres(db) => {
            tokio::spawn(store_sync::last_used_loop((*db).clone(), state.clone()));
            tokio::spawn(store_sync::sync_loop(
                *db,
                version,
                state.clone(),
                Duration::from_millis(args.resync_interval_ms),
            ));
        }
    }
    let permits = Arc::new(Semaphore::new(args.max_connections.max(1)));
    let header_timeout = Duration::from_secs(args.header_timeout.max(1));
    let write_timeout = Duration::from_secs(args.write_timeout);
    // A connection silent longer than this is gone; hyper's head timeout usually ends it first.
    let idle_timeout = header_timeout.max(write_timeout) * 2;
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
            let io = stall::Stall::new(stream, write_timeout, idle_timeout);
            let _ = http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(header_timeout)
                .max_buf_size(MAX_HEAD_BYTES)
                .serve_connection(TokioIo::new(io), service)
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

fn respond(status: StatusCode) -> Response<Full<Bytes>> {
    let mut r = Response::new(Full::new(Bytes::new()));
    *r.status_mut() = status;
    r
}

/// Headers a proxy adds to what it forwards (nginx's `auth_request` configuration here sets
/// `X-Forwarded-For`; Caddy and Traefik add the `X-Forwarded-*` family).
const FORWARDING_HEADERS: [&str; 4] = [
    "forwarded",
    "x-forwarded-for",
    "x-real-ip",
    "x-forwarded-uri",
];

/// `/healthz` is for the orchestrator, asked directly: origin-form `GET`/`HEAD` of exactly
/// that path, no query and no forwarding header. A proxy that forwards the client's own path to
/// patmint (Caddy's `forward_auth` without `uri`) sends forwarding headers, so a client's
/// `/healthz` through it is a 404 — a refusal — never a 200 the proxy would read as "allow".
fn is_health_check(req: &Request<Incoming>) -> bool {
    is_direct(req, "/healthz")
}

/// Whether `req` is an orchestrator's (or Prometheus's) own `GET`/`HEAD` of exactly `path`:
/// see [`is_health_check`].
fn is_direct(req: &Request<Incoming>, path: &str) -> bool {
    let uri = req.uri();
    matches!(*req.method(), Method::GET | Method::HEAD)
        && uri.scheme().is_none()
        && uri.authority().is_none()
        && uri.path() == path
        && uri.query().is_none()
        && !FORWARDING_HEADERS
            .iter()
            .any(|h| req.headers().contains_key(*h))
}

fn handle(state: &State, peer: SocketAddr, req: Request<Incoming>) -> Response<Full<Bytes>> {
    if is_health_check(&req) {
        if state.freshness.stale().is_some() {
            let mut r = Response::new(Full::new(Bytes::from_static(
                b"stale: the store is unreachable\n",
            )));
            *r.status_mut() = StatusCode::SERVICE_UNAVAILABLE;
            return r;
        }
        let mut r = Response::new(Full::new(Bytes::from_static(b"ok\n")));
        r.headers_mut()
            .insert("content-type", HeaderValue::from_static("text/plain"));
        return r;
    }
    if is_direct(&req, "/metrics") {
        let records = state.record_count();
        let text = state
            .metrics
            .render(records, state.freshness.age().as_secs_f64());
        let mut r = Response::new(Full::new(Bytes::from(text)));
        r.headers_mut().insert(
            "content-type",
            HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
        );
        return r;
    }
    // Only the auth endpoint decides, and only in origin-form: anything else is not found.
    if req.uri().path() != AUTH_PATH || req.uri().authority().is_some() {
        state.log.line(json!({
            "remote": peer.to_string(),
            "status": 404,
            "decision": "error",
            "error": format!("not the auth endpoint (the proxy must call {AUTH_PATH})"),
        }));
        return respond(StatusCode::NOT_FOUND);
    }
    let started = Instant::now();
    let requirement = match requirement(state.source, req.headers(), req.uri().query()) {
        Ok(r) => r,
        Err(e) => {
            state.log.line(json!({
                "remote": peer.to_string(),
                "status": 400,
                "decision": "error",
                "error": e,
            }));
            let mut r = respond(StatusCode::BAD_REQUEST);
            r.headers_mut().insert(
                "x-patmint-reason",
                HeaderValue::from_static("invalid_requirement"),
            );
            return r;
        }
    };
    // Past --max-staleness without the store: nothing is allowed (fail closed).
    if let Some(age) = state.freshness.stale() {
        state.log.line(json!({
            "remote": peer.to_string(),
            "status": 503,
            "decision": "deny",
            "reason": "store_stale",
            "stale_secs": age.as_secs(),
        }));
        state.metrics.decision(
            "deny",
            Some("store_stale"),
            started.elapsed().as_micros() as u64,
        );
        let mut r = respond(StatusCode::SERVICE_UNAVAILABLE);
        r.headers_mut()
            .insert("x-patmint-reason", HeaderValue::from_static("store_stale"));
        return r;
    }
    let token = credentials(req.headers());
    let set = match state.records.read() {
        Ok(s) => s.clone(),
        Err(_) => return respond(StatusCode::INTERNAL_SERVER_ERROR),
    };
    let layered = match &state.layered {
        Some(l) => match l.read() {
            Ok(l) => Some(l.clone()),
            Err(_) => return respond(StatusCode::INTERNAL_SERVER_ERROR),
        },
        None => None,
    };
    let (status, reason, name) = match &token {
        None => (StatusCode::UNAUTHORIZED, Some("missing"), None),
        Some(t) => {
            let now = now();
            let verdict = match &layered {
                Some(l) => l.verify(t, now, &requirement),
                None => set.verify(t, now, &requirement),
            };
            if let (Some(uses), Verdict::Allow(r)) = (&state.uses, &verdict) {
                uses.record(&r.fingerprint, now);
            }
            let status = match verdict {
                Verdict::Allow(_) => StatusCode::NO_CONTENT,
                Verdict::Deny(r, _) if r.is_unauthenticated() => StatusCode::UNAUTHORIZED,
                Verdict::Deny(..) => StatusCode::FORBIDDEN,
            };
            (
                status,
                verdict.reason().map(|r| r.code()),
                verdict
                    .record()
                    .map(|r| log::record_label(&r.name, &r.fingerprint)),
            )
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
    if let (Some(name), StatusCode::NO_CONTENT) = (&name, status) {
        if let Ok(v) = HeaderValue::from_str(&header_safe(name)) {
            headers.insert("x-patmint-token-name", v);
        }
    }
    let decision = if status == StatusCode::NO_CONTENT {
        "allow"
    } else {
        "deny"
    };
    let micros = started.elapsed().as_micros() as u64;
    state.metrics.decision(decision, reason, micros);
    state.log.decision(&DecisionLine {
        decision,
        forwarded_for: forwarded_for(req.headers()).map(Untrusted),
        micros,
        reason,
        record: name.as_deref(),
        remote: Shown(peer),
        require: Required::of(&requirement),
        status: status.as_u16(),
    });
    response
}

/// `HOST:PID`: tells apart the instances behind one load balancer in merged logs.
fn default_instance_id() -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap_or_default();
    format!("{}:{}", host.trim(), std::process::id())
}

/// The client as the proxy reports it, bounded to 100 characters.
fn forwarded_for(headers: &HeaderMap) -> Option<&str> {
    headers
        .get("x-forwarded-for")
        .or_else(|| headers.get("x-real-ip"))
        .and_then(|v| v.to_str().ok())
        .map(|v| v.char_indices().nth(100).map_or(v, |(i, _)| &v[..i]))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_safe_names() {
        assert_eq!(header_safe("ci deploy"), "ci deploy");
        assert_eq!(header_safe("é\n%"), "%C3%A9%0A%25");
    }
}
