# shellcheck shell=bash
# ./build.sh bench: every benchmark (figures go to docs/, never to a timed test).

# `patmint serve` under load beside nginx's `return 204` (wrk), with faults: bench/serve.sh.
bench_server() {
  setup_server_e2e
  RUNLEVEL=1 apt_install wrk curl
  log "patmint serve under load (wrk) and faults"
  bench/serve.sh
}

# `patmint serve --store postgres://…` at scale (1 000 000 records by default): bench/store.sh.
bench_store() {
  setup_server_e2e
  RUNLEVEL=1 apt_install wrk curl
  log "patmint serve over PostgreSQL at scale (import, start-up, wrk, revocation latency)"
  bench/store.sh
}

bench_all() {
  build; build_extension # bench/ux.mjs loads dist/chrome
  log "browser benchmark (Chromium, Firefox)"; node bench/run.mjs
  # Lighthouse for the UX benchmark, kept out of package.json (200 packages no test needs);
  # 12.x: 13 needs Node 22.
  [ -d target/lighthouse/node_modules/lighthouse ] || npm install --silent --no-audit --no-fund --no-save --prefix target/lighthouse lighthouse@12.8.2
  log "pages as a new user meets them (layout shift, popup start-up, Lighthouse)"; node bench/ux.mjs
  log "records at scale (Chromium, Firefox)"; node bench/records.mjs
  log "native benchmarks (Criterion)"; cargo bench --quiet --bench core -- --warm-up-time 1 --measurement-time 3 2>&1 | grep -E '^[a-z_]+/|thrpt:'
  bench_server
  bench_store
}
