//! Native Criterion benchmarks of the core (`cargo bench`, or `./build.sh bench`). The browser
//! comparison with the peers is bench/run.mjs (the repository's browser benchmark).

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use criterion::{black_box, criterion_group, Criterion, Throughput};
    use patmint::{check, fingerprint, mask, scan, token, Format, SecretToken};

    fn generation(c: &mut Criterion) {
        let mut group = c.benchmark_group("generate");
        for (id, format) in [
            ("ghp", Format::DEFAULT),
            ("github_pat", Format::FineGrained),
        ] {
            group.throughput(Throughput::Elements(1));
            group.bench_function(format!("{id} one"), |b| {
                b.iter(|| SecretToken::generate(black_box(&format)).unwrap())
            });
            group.throughput(Throughput::Elements(1000));
            group.bench_function(format!("{id} joined x1000"), |b| {
                b.iter(|| token::generate_joined(black_box(&format), 1000, '\n').unwrap())
            });
        }
        group.finish();
    }

    fn inspection(c: &mut Criterion) {
        let t = SecretToken::generate(&Format::DEFAULT).unwrap();
        let s = t.expose_secret();
        let mut group = c.benchmark_group("inspect");
        group.throughput(Throughput::Elements(1));
        group.bench_function("check", |b| b.iter(|| check(black_box(s)).unwrap()));
        group.bench_function("fingerprint", |b| b.iter(|| fingerprint(black_box(s))));
        group.bench_function("mask", |b| b.iter(|| mask(black_box(s))));
        group.finish();
    }

    /// A 10 MB build/server log with a handful of tokens: timestamps, UUIDs, snake_case keys,
    /// kebab-case names and JSON lines, so `_` and `-` (the scanner's stop bytes) are common.
    pub fn sample_log(target: usize) -> String {
        // Shared with the browser benchmark (bench/bench.js).
        let lines: Vec<&str> = include_str!("log-lines.txt").lines().collect();
        let mut out = String::with_capacity(target + 256);
        let mut i = 0;
        while out.len() < target {
            out.push_str(lines[i % lines.len()]);
            out.push('\n');
            if i % 20_000 == 7 {
                let t = SecretToken::generate(&Format::DEFAULT).unwrap();
                out.push_str("Authorization: token ");
                out.push_str(t.expose_secret());
                out.push('\n');
            }
            i += 1;
        }
        out
    }

    fn scanning(c: &mut Criterion) {
        let log = sample_log(10 << 20);
        assert!(!scan::scan(&log).is_empty());
        let mut group = c.benchmark_group("scan");
        group.throughput(Throughput::Bytes(log.len() as u64));
        group.sample_size(20);
        group.bench_function("scan 10 MB log", |b| b.iter(|| scan::scan(black_box(&log))));
        group.bench_function("redact 10 MB log", |b| {
            b.iter(|| scan::redact(black_box(&log)))
        });
        group.finish();
        // Inputs built against the gap reader (issue 25 item 7), 1 MB each: every gap is
        // bounded and each byte before a stop is parsed a bounded number of times, so these
        // stay linear (throughput, not time, is the figure to compare).
        let mut group = c.benchmark_group("scan adversarial");
        group.sample_size(10);
        for (name, unit) in [
            ("wide gaps before stops", format!("{}_", " ".repeat(127))),
            ("gh + wide gap + p_", format!("gh\n{}p_", " ".repeat(120))),
            ("glpat- + gaps", format!("glpat-{}", " ".repeat(30))),
            ("colour escapes", "ghp\x1b[01;31m\x1b[K_x\x1b[m".repeat(4)),
            (
                "github_pat_ + breaks",
                format!("github_pat_{}\n", "a".repeat(20)),
            ),
            // Issue 26.4: every line a token's start read on after a repeated timestamp
            // (the prefix compared, then a possible partial token), and bare fragments.
            (
                "timestamped wraps",
                format!("2026-05-01T10:00:03.2000000Z ghp_{}\n", "a".repeat(30)),
            ),
            ("partial fragments", format!("ghp_{}\n", "a".repeat(8))),
        ] {
            let text = unit.repeat((1 << 20) / unit.len());
            group.throughput(Throughput::Bytes(text.len() as u64));
            group.bench_function(format!("scan 1 MB: {name}"), |b| {
                b.iter(|| scan::scan(black_box(&text)))
            });
        }
        group.finish();
    }

    /// `verify()` against record sets of 10 and 100 000 records: a known token (allowed), an
    /// unknown one (hashed, not found) and a malformed one (refused before hashing).
    fn verification(c: &mut Criterion) {
        use patmint::record::Expiration;
        use patmint::verify::{RecordSet, Requirement};
        let mut group = c.benchmark_group("verify");
        group.throughput(Throughput::Elements(1));
        let need =
            Requirement::parse(&["public_repo"], &["contents:read"], &["acme/widgets"]).unwrap();
        let unknown = SecretToken::generate(&Format::DEFAULT).unwrap();
        for n in [10usize, 100_000] {
            let tokens = patmint::generate_many(&Format::DEFAULT, n).unwrap();
            let records = tokens
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    patmint::TokenRecord::new(&format!("r{i}"), t, &["repo"], Expiration::Never, 0)
                        .unwrap()
                })
                .collect();
            let set = RecordSet::new(records).unwrap();
            let known = tokens[n / 2].expose_secret();
            assert!(set.verify(known, 1, &need).is_allowed());
            group.bench_function(format!("allow, {n} records"), |b| {
                b.iter(|| set.verify(black_box(known), 1, &need).is_allowed())
            });
            group.bench_function(format!("unknown, {n} records"), |b| {
                b.iter(|| {
                    set.verify(black_box(unknown.expose_secret()), 1, &need)
                        .is_allowed()
                })
            });
            group.bench_function(format!("malformed, {n} records"), |b| {
                b.iter(|| {
                    set.verify(black_box("ghp_notatoken"), 1, &need)
                        .is_allowed()
                })
            });
        }
        group.finish();
    }

    criterion_group!(benches, generation, inspection, scanning, verification);
}

#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_main!(native::benches);

#[cfg(target_arch = "wasm32")]
fn main() {}
