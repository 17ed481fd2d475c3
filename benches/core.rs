//! Native Criterion benchmarks of the core (`cargo bench`, or `./build.sh bench`). The browser
//! comparison with the peers is bench/run.mjs.

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use criterion::{black_box, criterion_group, Criterion, Throughput};
    use patmint::{check, fingerprint, mask, token, Format, SecretToken};

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

    criterion_group!(benches, generation, inspection);
}

#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_main!(native::benches);

#[cfg(target_arch = "wasm32")]
fn main() {}
