//! `patmint serve --store postgres://…`: the index in memory kept current from the store,
//! never on the request path. At start every record is loaded; then a connection that
//! `LISTEN`s asks for the changes since the version in use as soon as a change is announced,
//! and at least every `--resync-interval-ms` anyway (NOTIFY loses what is sent while a
//! listener is away; the change counter does not). Changes are applied to a copy of the index
//! off the runtime's workers and swapped in whole.
//!
//! Each successful exchange with the store marks the index fresh ([`Freshness`]). When the
//! store cannot be reached, the last good index serves for at most `--max-staleness`; past it
//! every request is refused (503, with a log line) and `/healthz` says unhealthy, until the
//! store answers again and the changes made meanwhile are applied.
//!
//! Uses are counted in memory ([`Uses`]) and written as `last_used_at` every
//! [`LAST_USED_EVERY`] in one statement per batch: at most one write per record per interval,
//! never on the request path.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use patmint::store::{self as lib_store, Change, Layered, Store, Version};
use patmint::verify::RecordSet;
use serde_json::json;
use tokio::sync::mpsc;

use super::State;
use crate::store::{pg, StoreError};

/// The longest any exchange with the store may take before it counts as a failure (a store
/// that stops answering without closing the connection must not freeze the index).
const QUERY_TIMEOUT: Duration = Duration::from_secs(5);
/// The pause between two attempts to reach a store that is away.
const RECONNECT_EVERY: Duration = Duration::from_millis(250);
/// How often uses are written as `last_used_at`.
pub const LAST_USED_EVERY: Duration = Duration::from_secs(10);

/// How old the index may be, and how old it is.
pub struct Freshness {
    /// `None`: no bound (the records file, which is its own store).
    bound: Option<Duration>,
    start: Instant,
    /// Milliseconds after `start` of the last successful exchange with the store.
    synced_ms: AtomicU64,
}

impl Freshness {
    /// Always fresh: the file backend (a missing or bad file keeps the last good set, as
    /// before).
    pub fn unbounded() -> Freshness {
        Freshness {
            bound: None,
            start: Instant::now(),
            synced_ms: AtomicU64::new(0),
        }
    }

    /// Fresh for `bound` after each [`Freshness::synced`]; synced now.
    pub fn bounded(bound: Duration) -> Freshness {
        Freshness {
            bound: Some(bound),
            ..Freshness::unbounded()
        }
    }

    /// The index matches the store as of now.
    pub fn synced(&self) {
        let ms = self.start.elapsed().as_millis() as u64;
        self.synced_ms.fetch_max(ms, Ordering::AcqRel);
    }

    /// How long since the last sync.
    pub fn age(&self) -> Duration {
        let at = Duration::from_millis(self.synced_ms.load(Ordering::Acquire));
        self.start.elapsed().saturating_sub(at)
    }

    /// The index's age when it is older than the bound (then nothing may be allowed).
    pub fn stale(&self) -> Option<Duration> {
        let bound = self.bound?;
        let age = self.age();
        (age > bound).then_some(age)
    }
}

/// Uses counted since the last write: fingerprint → the latest Unix second it was allowed.
#[derive(Default)]
pub struct Uses(Mutex<HashMap<String, i64>>);

impl Uses {
    /// Counts one allowed use of `fingerprint` at `now`.
    pub fn record(&self, fingerprint: &str, now: i64) {
        let mut map = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        match map.get_mut(fingerprint) {
            Some(t) => *t = (*t).max(now),
            None => {
                map.insert(fingerprint.to_owned(), now);
            }
        }
    }

    fn take(&self) -> Vec<(String, i64)> {
        let mut map = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        std::mem::take(&mut *map).into_iter().collect()
    }

    fn put_back(&self, uses: Vec<(String, i64)>) {
        for (fp, t) in uses {
            self.record(&fp, t);
        }
    }
}

/// Loads every record of the store at start: the index, and the version it is at.
pub async fn initial(at: &pg::Location) -> Result<(RecordSet, Version), StoreError> {
    let db = tokio::time::timeout(QUERY_TIMEOUT, crate::store::connect(at))
        .await
        .map_err(|_| StoreError::new("the store did not answer"))??;
    let snapshot = tokio::time::timeout(QUERY_TIMEOUT * 12, db.load_all())
        .await
        .map_err(|_| StoreError::new("the store did not answer"))??;
    let version = snapshot.version;
    let bad = snapshot.bad.len();
    let set = tokio::task::spawn_blocking(move || lib_store::index(snapshot))
        .await
        .map_err(|e| StoreError::new(e.to_string()))?
        .map_err(|e| StoreError::new(e.to_string()))?;
    if bad > 0 {
        eprintln!(
            "patmint: {}: {bad} rows are not valid records; their tokens are refused",
            at.shown()
        );
    }
    Ok((set, version))
}

/// Changes pending in the layered index before it is compacted (folded into a new base).
const COMPACT_AT: usize = 1024;
/// The longest changes stay layered before a compaction starts.
const COMPACT_AFTER: Duration = Duration::from_secs(10);

/// What a compaction's job gives.
type CompactionResult =
    Result<Result<RecordSet, patmint::record::RecordFileError>, tokio::task::JoinError>;

/// A compaction running on the blocking pool, and the changes applied since it started (to
/// apply again over its result).
struct Compaction {
    job: tokio::task::JoinHandle<Result<RecordSet, patmint::record::RecordFileError>>,
    since: Vec<Change>,
}

/// The sync loop's own state: the version in use and the compaction in progress.
struct Syncer {
    version: Version,
    compaction: Option<Compaction>,
    last_compacted: Instant,
}

/// Keeps `state`'s index current from the store at `at`, from `version` on, for ever.
pub async fn sync_loop(at: pg::Location, version: Version, state: Arc<State>, every: Duration) {
    let mut was_down = false;
    let mut sync = Syncer {
        version,
        compaction: None,
        last_compacted: Instant::now(),
    };
    loop {
        let (notified, mut announcements) = mpsc::channel(1);
        let connected = tokio::time::timeout(QUERY_TIMEOUT, async {
            let db = pg::Pg::connect_listening(&at, notified).await?;
            db.check_schema().await?;
            Ok::<_, StoreError>(db)
        })
        .await
        .unwrap_or_else(|_| Err(StoreError::new("the store did not answer")));
        let db = match connected {
            Ok(db) => db,
            Err(e) => {
                store_error(&state, &e, &mut was_down);
                sync.finish_compaction(&state, None).await;
                tokio::time::sleep(RECONNECT_EVERY).await;
                continue;
            }
        };
        loop {
            // Caught up at once after a (re)connection: what changed while away applies now.
            let fetched = tokio::time::timeout(QUERY_TIMEOUT, db.changes_since(sync.version))
                .await
                .unwrap_or_else(|_| Err(StoreError::new("the store did not answer")));
            let applied = match fetched {
                Ok(delta) => sync.apply(&db, &state, delta).await,
                Err(e) => Err(e),
            };
            match applied {
                Ok(()) => {
                    state.freshness.synced();
                    if was_down {
                        was_down = false;
                        state
                            .log
                            .line(json!({"event": "store_back", "version": sync.version}));
                    }
                }
                Err(e) => {
                    store_error(&state, &e, &mut was_down);
                    break;
                }
            }
            sync.maybe_compact(&state);
            let compacted = async {
                match sync.compaction.as_mut() {
                    Some(c) => (&mut c.job).await,
                    None => std::future::pending().await,
                }
            };
            // A JoinHandle is awaited once: its result is taken here when it ends first.
            let done = tokio::select! {
                _ = announcements.recv() => None,
                () = tokio::time::sleep(every) => None,
                done = compacted => Some(done),
            };
            sync.finish_compaction(&state, done).await;
            if db.is_closed() {
                break;
            }
        }
        tokio::time::sleep(RECONNECT_EVERY).await;
    }
}

fn store_error(state: &State, e: &StoreError, was_down: &mut bool) {
    state.metrics.store_error();
    // Once per outage, then when it ends: not a line every 250 ms.
    if !*was_down {
        *was_down = true;
        state.log.line(json!({
            "event": "store_error",
            "error": e.to_string(),
            "max_staleness_secs": state.freshness.bound.map(|b| b.as_secs_f64()),
        }));
    }
}

fn current(state: &State) -> Result<Arc<Layered>, StoreError> {
    state
        .layered
        .as_ref()
        .ok_or_else(|| StoreError::new("no layered index"))?
        .read()
        .map(|l| l.clone())
        .map_err(|_| StoreError::new("the index lock is poisoned"))
}

fn swap(state: &State, layered: Layered) {
    if let Some(Ok(mut l)) = state.layered.as_ref().map(|l| l.write()) {
        *l = Arc::new(layered);
    }
}

impl Syncer {
    /// Applies `delta` (fetched after the version in use). A store whose counter went back
    /// (restored, recreated) is loaded whole.
    async fn apply(
        &mut self,
        db: &pg::Pg,
        state: &Arc<State>,
        delta: lib_store::Delta,
    ) -> Result<(), StoreError> {
        if delta.version < self.version {
            let snapshot = tokio::time::timeout(QUERY_TIMEOUT * 12, db.load_all())
                .await
                .map_err(|_| StoreError::new("the store did not answer"))??;
            let v = snapshot.version;
            let set = tokio::task::spawn_blocking(move || lib_store::index(snapshot))
                .await
                .map_err(|e| StoreError::new(e.to_string()))?
                .map_err(|e| StoreError::new(e.to_string()))?;
            // A compaction of the old records must not land over these.
            if let Some(c) = self.compaction.take() {
                c.job.abort();
            }
            swap(state, Layered::new(Arc::new(set)));
            self.version = v;
            state.metrics.sync("full");
            state.log.line(json!({
                "event": "resynced",
                "version": v,
                "note": "the store's counter went back: loaded whole",
            }));
            return Ok(());
        }
        if delta.changes.is_empty() {
            self.version = delta.version;
            return Ok(());
        }
        for bad in &delta.bad {
            state.log.line(json!({
                "event": "bad_row",
                "key": bad.key,
                "error": bad.error,
                "note": "not a valid record: its token is refused",
            }));
        }
        // O(changes since the last compaction): a revocation never waits for a re-sort.
        let next = current(state)?
            .with_changes(&delta.changes)
            .map_err(|e| StoreError::new(e.to_string()))?;
        let records = next.len();
        swap(state, next);
        if let Some(c) = self.compaction.as_mut() {
            c.since.extend(delta.changes.iter().cloned());
        }
        self.version = delta.version;
        state.metrics.sync("changes");
        state.log.line(json!({
            "event": "changes_applied",
            "version": delta.version,
            "changes": delta.changes.len(),
            "records": records,
        }));
        Ok(())
    }

    /// Starts folding the pending changes into a new base, off the runtime's workers, when
    /// there are many or they are old.
    fn maybe_compact(&mut self, state: &State) {
        let Ok(layered) = current(state) else {
            return;
        };
        let due = layered.pending() >= COMPACT_AT
            || (layered.pending() > 0 && self.last_compacted.elapsed() >= COMPACT_AFTER);
        if self.compaction.is_some() || !due {
            return;
        }
        self.compaction = Some(Compaction {
            job: tokio::task::spawn_blocking(move || layered.compact()),
            since: Vec::new(),
        });
    }

    /// Swaps in a finished compaction (its base, with the changes made since it started).
    ///
    /// `done` is its job's result when the loop already took it; otherwise the job is awaited
    /// only if it has finished.
    async fn finish_compaction(&mut self, state: &State, done: Option<CompactionResult>) {
        let finished = done.is_some()
            || self
                .compaction
                .as_ref()
                .is_some_and(|c| c.job.is_finished());
        if !finished {
            return;
        }
        let Some(c) = self.compaction.take() else {
            return;
        };
        self.last_compacted = Instant::now();
        let output = match done {
            Some(output) => output,
            None => c.job.await,
        };
        let result = match output {
            Ok(Ok(base)) => Layered::new(Arc::new(base))
                .with_changes(&c.since)
                .map_err(|e| e.to_string()),
            Ok(Err(e)) => Err(e.to_string()),
            Err(e) => Err(e.to_string()),
        };
        match result {
            Ok(layered) => {
                let records = layered.len();
                swap(state, layered);
                state.metrics.sync("compacted");
                state
                    .log
                    .line(json!({"event": "compacted", "records": records}));
            }
            Err(e) => state
                .log
                .line(json!({"event": "compaction_failed", "error": e})),
        }
    }
}

/// Writes the uses counted in `state` as `last_used_at`, every [`LAST_USED_EVERY`], for ever.
pub async fn last_used_loop(at: pg::Location, state: Arc<State>) {
    let Some(uses) = state.uses.as_ref() else {
        return;
    };
    let mut db: Option<pg::Pg> = None;
    let mut ticker = tokio::time::interval(LAST_USED_EVERY);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticker.tick().await;
        let batch = uses.take();
        if batch.is_empty() {
            continue;
        }
        if db.as_ref().is_none_or(pg::Pg::is_closed) {
            db = tokio::time::timeout(QUERY_TIMEOUT, pg::Pg::connect(&at))
                .await
                .ok()
                .and_then(Result::ok);
        }
        let written = match &db {
            Some(c) => tokio::time::timeout(QUERY_TIMEOUT, c.touch(&batch))
                .await
                .unwrap_or_else(|_| Err(StoreError::new("the store did not answer"))),
            None => Err(StoreError::new("the store is unreachable")),
        };
        if written.is_err() {
            // Kept for the next round (the latest use of each wins).
            uses.put_back(batch);
            db = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn freshness_has_a_bound() {
        let f = Freshness::bounded(Duration::from_millis(200));
        assert!(f.stale().is_none());
        std::thread::sleep(Duration::from_millis(300));
        assert!(f.stale().is_some());
        f.synced();
        assert!(f.stale().is_none());
        let never = Freshness::unbounded();
        std::thread::sleep(Duration::from_millis(5));
        assert!(never.stale().is_none());
    }

    #[test]
    fn uses_keep_the_latest_time_once_per_record() {
        let u = Uses::default();
        u.record("a", 5);
        u.record("a", 3);
        u.record("b", 1);
        let mut batch = u.take();
        batch.sort();
        assert_eq!(batch, [("a".to_owned(), 5), ("b".to_owned(), 1)]);
        assert!(u.take().is_empty());
        u.put_back(batch);
        u.record("a", 9);
        let mut batch = u.take();
        batch.sort();
        assert_eq!(batch, [("a".to_owned(), 9), ("b".to_owned(), 1)]);
    }
}
