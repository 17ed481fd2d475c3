//! Keeping the records current: the file is polled, and each version of it is loaded off the
//! request path. A version that cannot be used never takes effect (the last good set stays,
//! and the log says why, every time it is seen).
//!
//! A load never delays a later change: while one runs (a large file takes seconds), the poll
//! goes on, and a newer version starts a load of its own; whichever finishes, only a version
//! newer than the one in use is applied. So a revocation written after a large reload applies
//! as soon as its own (small) load ends, and the large one, finishing later, is dropped as
//! stale; a load that a newer version overtakes stops part-way ([`records_file::load_until`]),
//! since its result could no longer be used. At most [`MAX_LOADS`] run at once, so memory
//! stays bounded.
//!
//! A version that fails validation (one bad entry) is not used, but its removals are: if it is
//! still JSON that names fingerprints, the records in use that it no longer names are dropped.
//! Deleting a record is how a token is revoked in a file, and a typo elsewhere in the same file
//! must not keep the revoked token working; what the bad version adds or changes waits for a
//! valid one. The log line (`reload_failed`) gives the error (entry index and code) and how
//! many records were `removed`, each time the file changes.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use serde_json::json;

use patmint::record::ExportFile;
use patmint::verify::RecordSet;

use super::State;
use crate::records_file::{self, LoadError};

/// Loads in flight at most: the newest version can always start while an older one runs.
const MAX_LOADS: usize = 2;

/// What identifies a version of the file without reading it.
type Signature = (u64, u64, i64, i64, u64);

fn signature(path: &Path) -> Option<Signature> {
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::metadata(path).ok()?;
    Some((m.dev(), m.ino(), m.mtime(), m.mtime_nsec(), m.size()))
}

pub async fn reload_loop(path: PathBuf, every: Duration, state: Arc<State>) {
    let mut seen = signature(&path);
    // Version numbers: the one started last, and the one whose records are in use.
    let mut started = 0u64;
    let newest = Arc::new(AtomicU64::new(0));
    let applied = Arc::new(AtomicU64::new(0));
    let in_flight = Arc::new(AtomicUsize::new(0));
    let mut ticker = tokio::time::interval(every);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticker.tick().await;
        let now_sig = signature(&path);
        if now_sig == seen {
            continue;
        }
        if now_sig.is_none() {
            seen = now_sig;
            state.log.line(json!({
                "event": "reload_failed",
                "error": "the records file is missing; the last good records stay in use",
            }));
            continue;
        }
        if in_flight.load(Ordering::Acquire) >= MAX_LOADS {
            // Seen again at the next tick, once a load has finished.
            continue;
        }
        seen = now_sig;
        started += 1;
        let version = started;
        newest.store(version, Ordering::Release);
        in_flight.fetch_add(1, Ordering::AcqRel);
        let (p, load_state, applied, done, newest) = (
            path.clone(),
            state.clone(),
            applied.clone(),
            in_flight.clone(),
            newest.clone(),
        );
        // A thread of its own rather than tokio's blocking pool: the runtime's shutdown never
        // waits for a load (SIGTERM exits at once), and a load never holds up the poll.
        let spawned = std::thread::Builder::new()
            .name("patmint-reload".into())
            .spawn(move || {
                let state = load_state;
                let overtaken = || newest.load(Ordering::Acquire) > version;
                let loaded = records_file::load_until(&p, &overtaken);
                match loaded {
                    Ok(set) => {
                        let n = set.len();
                        // Applied under the write lock, so that versions cannot cross.
                        if let Ok(mut current) = state.records.write() {
                            if applied.load(Ordering::Acquire) < version {
                                applied.store(version, Ordering::Release);
                                *current = Arc::new(set);
                                drop(current);
                                state.freshness.synced();
                                state.metrics.sync("file_reload");
                                state.log.line(json!({"event": "reloaded", "records": n}));
                            } else {
                                drop(current);
                                state.log.line(json!({
                                    "event": "reload_superseded",
                                    "records": n,
                                    "note": "a newer version of the records file was applied first",
                                }));
                            }
                        }
                    }
                    Err(LoadError::Stopped) => state.log.line(json!({
                        "event": "reload_superseded",
                        "note": "a newer version of the records file is being loaded",
                    })),
                    Err(e) => {
                        let removed = apply_removals(&p, &state, &applied, version);
                        state.log.line(json!({
                            "event": "reload_failed",
                            "error": format!(
                                "{e}; the last good records stay in use, but for those this \
                                 version no longer names"
                            ),
                            "removed": removed,
                        }));
                    }
                }
                done.fetch_sub(1, Ordering::AcqRel);
            });
        if let Err(e) = spawned {
            in_flight.fetch_sub(1, Ordering::AcqRel);
            seen = None;
            state
                .log
                .line(json!({"event": "reload_failed", "error": e.to_string()}));
        }
    }
}

/// Drops the records in use that the (invalid) version `version` of the file no longer names;
/// how many were dropped. Nothing is dropped from a file that is not JSON, or whose envelope is
/// wrong: then nothing of it can be trusted to name anything.
fn apply_removals(path: &Path, state: &State, applied: &AtomicU64, version: u64) -> usize {
    let never = || false;
    let Ok(mut reader) = records_file::Reader::open(path, &never) else {
        return 0;
    };
    let named = ExportFile::named_fingerprints(std::io::BufReader::new(&mut reader));
    let Ok(named) = reader.finish(named) else {
        return 0;
    };
    let named: HashSet<String> = named.into_iter().collect();
    let Ok(mut current) = state.records.write() else {
        return 0;
    };
    if applied.load(Ordering::Acquire) >= version {
        return 0;
    }
    let kept: Vec<_> = current
        .records()
        .filter(|r| named.contains(&r.fingerprint))
        .cloned()
        .collect();
    let removed = current.len() - kept.len();
    if removed > 0 {
        // The kept records were a valid set; a subset of one is too.
        if let Ok(set) = RecordSet::new(kept) {
            *current = Arc::new(set);
            applied.store(version, Ordering::Release);
        }
    }
    removed
}
