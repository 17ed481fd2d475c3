//! The decision log: one JSON line per decision or event on stderr, written in batches by a
//! thread of its own.

use std::net::SocketAddr;
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::Duration;

use crate::access::now;

/// Log lines are appended to one buffer that a thread writes out in batches: a `write` and a
/// wake-up per batch (at most every [`LOG_BATCH`]), not per request — waking the writer for
/// each line cost more than answering the request on a 2-core machine. The buffer is bounded:
/// if stderr cannot keep up, requests wait for room (a decision is never answered unlogged,
/// never dropped, and memory stays flat). [`Log::close`] writes what is left.
#[derive(Clone)]
pub struct Log(Arc<LogShared>);

struct LogShared {
    pending: Mutex<Pending>,
    /// `"instance":"…",` (JSON), put before `time` in every line; empty until set.
    instance: std::sync::OnceLock<Vec<u8>>,
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
    pub fn start() -> (Log, std::thread::JoinHandle<()>) {
        Log::start_with(std::io::stderr(), LOG_BUFFER)
    }

    fn start_with(
        mut out: impl std::io::Write + Send + 'static,
        capacity: usize,
    ) -> (Log, std::thread::JoinHandle<()>) {
        let shared = Arc::new(LogShared {
            pending: Mutex::new(Pending::default()),
            instance: std::sync::OnceLock::new(),
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
                if let Some(instance) = self.0.instance.get() {
                    line.extend_from_slice(instance);
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

    /// Names this instance in every line from now on (`"instance"`, before `"time"`); the
    /// first name set stays.
    pub fn set_instance(&self, id: String) {
        let mut field = b"\"instance\":".to_vec();
        let _ = serde_json::to_writer(&mut field, &id);
        field.push(b',');
        let _ = self.0.instance.set(field);
    }

    /// An event (start, reload, …): rare, so through a JSON value.
    pub fn line(&self, value: serde_json::Value) {
        self.append(|line| {
            let _ = serde_json::to_writer(line, &value);
        });
    }

    /// A decision's line.
    pub fn decision(&self, d: &DecisionLine<'_>) {
        self.append(|line| {
            let _ = serde_json::to_writer(line, d);
        });
    }

    /// Writes what is left and stops the writer.
    pub fn close(&self) {
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
pub struct DecisionLine<'a> {
    pub decision: &'static str,
    /// What the proxy says the client is: client-controlled behind Caddy and Traefik.
    pub forwarded_for: Option<Untrusted<'a>>,
    pub micros: u64,
    pub reason: Option<&'static str>,
    pub record: Option<&'a str>,
    pub remote: Shown<SocketAddr>,
    pub require: Required<'a>,
    pub status: u16,
}

#[derive(serde::Serialize)]
pub struct Required<'a> {
    /// The service's own scopes (`name[:level]`: valid entries, which cannot hold a token).
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    pub custom_scopes: &'a [String],
    pub permissions: Permissions<'a>,
    /// Derived by the proxy from the request's path: client-controlled.
    pub repositories: Vec<Untrusted<'a>>,
    pub scopes: &'a [&'static str],
}

impl<'a> Required<'a> {
    /// What `requirement` asks, as logged.
    pub fn of(requirement: &'a patmint::verify::Requirement) -> Required<'a> {
        Required {
            custom_scopes: requirement.custom_scopes(),
            permissions: Permissions(requirement.permissions()),
            repositories: requirement
                .repositories()
                .iter()
                .map(|r| Untrusted(r))
                .collect(),
            scopes: requirement.scopes(),
        }
    }
}

/// A value the client chose (a repository from the path, an `X-Forwarded-For`), logged only
/// when it cannot hold a token: nothing token-shaped is ever written to the log, whatever the
/// client puts where.
pub struct Untrusted<'a>(pub &'a str);

impl serde::Serialize for Untrusted<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if token_shaped(self.0) {
            s.serialize_str("(token-shaped, not shown)")
        } else {
            s.serialize_str(self.0)
        }
    }
}

/// Whether `s` holds, or might hold a piece of, a token of any format: [`holds_secret`], or a
/// random-looking run — 12 alphanumerics mixing two of lowercase, uppercase and digits, what
/// any 12 characters of a base62 token do but for a chance of 10⁻⁴. Conservative on purpose: a
/// repository with such a run is not shown either.
pub fn token_shaped(s: &str) -> bool {
    holds_secret(s) || mixed_run(s, 12, false)
}

/// Whether `s` holds a token by its evidence rather than its look: a candidate of the scanner
/// (every format it knows, proven or by shape), one of GitHub's prefixes, or what a token of any
/// custom prefix is (`_`, then 16 alphanumerics mixing two classes). For names people chose,
/// where a random-looking word is more often a name than a secret.
pub fn holds_secret(s: &str) -> bool {
    const PREFIXES: [&str; 6] = ["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"];
    let has = |p: &str| {
        s.as_bytes()
            .windows(p.len())
            .any(|w| w.eq_ignore_ascii_case(p.as_bytes()))
    };
    PREFIXES.iter().any(|p| has(p)) || !patmint::scan::scan(s).is_empty() || mixed_run(s, 16, true)
}

/// Whether `s` has a run of at least `min` ASCII alphanumerics mixing at least two of
/// lowercase, uppercase and digits (right after an `_` only, if `after_underscore`).
fn mixed_run(s: &str, min: usize, after_underscore: bool) -> bool {
    let (mut run, mut classes, mut counted) = (0usize, 0u8, !after_underscore);
    for b in s.bytes() {
        let class = match b {
            b'a'..=b'z' => 1,
            b'A'..=b'Z' => 2,
            b'0'..=b'9' => 4,
            _ => 0,
        };
        if class == 0 {
            (run, classes, counted) = (0, 0, !after_underscore || b == b'_');
            continue;
        }
        if !counted {
            continue;
        }
        run += 1;
        classes |= class;
        if run >= min && classes.count_ones() >= 2 {
            return true;
        }
    }
    false
}

/// A record's name, logged (and sent upstream) unless it holds a token — a note typed into
/// the wrong field, or a hand-edited file: then the record is named by its fingerprint's start.
pub fn record_label<'a>(name: &'a str, fingerprint: &str) -> std::borrow::Cow<'a, str> {
    if holds_secret(name) {
        format!("fingerprint:{}", fingerprint.get(..12).unwrap_or("")).into()
    } else {
        name.into()
    }
}

/// A value serialized through its `Display` form (no intermediate `String`).
pub struct Shown<T>(pub T);

impl<T: std::fmt::Display> serde::Serialize for Shown<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

/// Permissions as `name:level` strings.
pub struct Permissions<'a>(pub &'a [(&'static str, patmint::permissions::Level)]);

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

#[cfg(test)]
mod tests {
    use super::*;
    use patmint::verify::Requirement;
    use serde_json::json;

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
            forwarded_for: Some(Untrusted("1.2.3.4")),
            micros: 51,
            reason: None,
            record: Some("ci \"x\" é\n"),
            remote: Shown("127.0.0.1:41602".parse().unwrap()),
            require: Required::of(&requirement),
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
        // The service's own scopes, when the requirement has any.
        let custom = requirement.with_custom_scopes(&["deploy"]).unwrap();
        let logged = serde_json::to_value(Required::of(&custom)).unwrap();
        assert_eq!(logged["custom_scopes"], json!(["deploy"]));
        log.close();
        writer.join().unwrap();
    }

    #[test]
    fn nothing_token_shaped_is_logged() {
        use patmint::{Format, SecretToken};
        for format in ["ghp", "github_pat", "custom:acme", "custom:xy:32"] {
            let t = SecretToken::generate(&Format::parse(format).unwrap()).unwrap();
            let t = t.expose_secret();
            let half = &t[t.len() / 2..];
            for value in [
                t.to_owned(),
                format!("acme/{t}"),
                format!("{t}/x"),
                format!("1.2.3.4, {t}"),
                format!("acme/{half}"),
            ] {
                assert!(token_shaped(&value), "{format}: {value}");
                let logged = serde_json::to_string(&Untrusted(&value)).unwrap();
                assert!(!logged.contains(&t[t.len() - 12..]), "{logged}");
            }
        }
        for harmless in [
            "acme/widgets",
            "octo-org/hello-world.js",
            "10.0.0.1, ::1",
            "a_b/c_d",
        ] {
            assert!(!token_shaped(harmless), "{harmless}");
            let logged = serde_json::to_string(&Untrusted(harmless)).unwrap();
            assert_eq!(logged, format!("{harmless:?}"));
        }
    }
}
