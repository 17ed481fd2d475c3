//! `/metrics`: Prometheus text format through `prometheus-client`. Decisions by decision and
//! reason, the decision latency, the records loaded, the seconds since the records were last
//! known current, syncs by kind, and store errors. Like `/healthz`, it answers only a direct
//! request (no proxy forwarding it), so a client never reads it through the proxy.

use std::sync::atomic::AtomicU64;

use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;

type Labels = Vec<(&'static str, &'static str)>;

/// The server's metrics.
pub struct Metrics {
    registry: Registry,
    decisions: Family<Labels, Counter>,
    latency: Histogram,
    records: Gauge,
    since_sync: Gauge<f64, AtomicU64>,
    syncs: Family<Labels, Counter>,
    store_errors: Counter,
}

impl Metrics {
    /// Every metric, registered under `patmint_`.
    pub fn new() -> Metrics {
        let mut registry = Registry::with_prefix("patmint");
        let decisions = Family::<Labels, Counter>::default();
        registry.register(
            "decisions",
            "Forward-auth decisions by decision and reason",
            decisions.clone(),
        );
        // 10 µs to ~80 ms: a decision is tens of microseconds.
        let latency = Histogram::new(exponential_buckets(0.000_01, 2.0, 14));
        registry.register(
            "decision_seconds",
            "Time to decide, from the request's head to the answer",
            latency.clone(),
        );
        let records = Gauge::default();
        registry.register("records", "Records in the index in use", records.clone());
        let since_sync = Gauge::<f64, AtomicU64>::default();
        registry.register(
            "seconds_since_sync",
            "Seconds since the records were last known to match the store",
            since_sync.clone(),
        );
        let syncs = Family::<Labels, Counter>::default();
        registry.register(
            "syncs",
            "Index updates by kind (changes, full, file_reload)",
            syncs.clone(),
        );
        let store_errors = Counter::default();
        registry.register(
            "store_errors",
            "Failed exchanges with the store",
            store_errors.clone(),
        );
        Metrics {
            registry,
            decisions,
            latency,
            records,
            since_sync,
            syncs,
            store_errors,
        }
    }

    /// Counts one decision (`reason`: none for an allow) that took `micros`.
    pub fn decision(&self, decision: &'static str, reason: Option<&'static str>, micros: u64) {
        self.decisions
            .get_or_create(&vec![
                ("decision", decision),
                ("reason", reason.unwrap_or("")),
            ])
            .inc();
        self.latency.observe(micros as f64 / 1e6);
    }

    /// Counts one update of the index.
    pub fn sync(&self, kind: &'static str) {
        self.syncs.get_or_create(&vec![("kind", kind)]).inc();
    }

    /// Counts one failed exchange with the store.
    pub fn store_error(&self) {
        self.store_errors.inc();
    }

    /// The text exposition, with the gauges read now.
    pub fn render(&self, records: usize, since_sync_secs: f64) -> String {
        self.records.set(records as i64);
        self.since_sync.set(since_sync_secs);
        let mut out = String::with_capacity(4096);
        // Writing to a String cannot fail.
        let _ = encode(&mut out, &self.registry);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_prometheus_text() {
        let m = Metrics::new();
        m.decision("allow", None, 40);
        m.decision("deny", Some("unknown"), 30);
        m.decision("deny", Some("unknown"), 30);
        m.sync("changes");
        m.store_error();
        let text = m.render(7, 1.5);
        for line in [
            "patmint_decisions_total{decision=\"deny\",reason=\"unknown\"} 2",
            "patmint_decisions_total{decision=\"allow\",reason=\"\"} 1",
            "patmint_records 7",
            "patmint_seconds_since_sync 1.5",
            "patmint_syncs_total{kind=\"changes\"} 1",
            "patmint_store_errors_total 1",
            "patmint_decision_seconds_count 3",
        ] {
            assert!(
                text.lines().any(|l| l == line),
                "{line} missing from\n{text}"
            );
        }
    }
}
