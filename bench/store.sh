#!/usr/bin/env bash
# `patmint serve --store postgres://…` at scale (./build.sh bench runs it): a throwaway
# PostgreSQL cluster; RECORDS records imported (time); one instance started over them (start-up
# load time, RSS); wrk against it and against nginx's own `return 204` on the same machine
# (requests/s, p50, p99, ratio); three instances at once (each under its own wrk); revocation
# latency across the three instances while one is under load (p50, p99, max over REVOCATIONS
# revocations). Prints figures; a benchmark, not a test, but it fails on errors. Needs root
# (initdb runs as the postgres user).
#   RECORDS=1000000 DURATION=10 CONNECTIONS=64 REVOCATIONS=50 bench/store.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
RECORDS=${RECORDS:-1000000}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-64}
REVOCATIONS=${REVOCATIONS:-50}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
BIN=target/release/patmint
cargo build --quiet --release --bin patmint

dir=$(mktemp -d "${TMPDIR:-/tmp}/patmint-bench-store-XXXXXX")
pg=$(mktemp -d "${TMPDIR:-/tmp}/patmint-bench-pg-XXXXXX")
chown postgres: "$pg"; chmod 700 "$pg"
pids=()
pgrun() { runuser -u postgres -- "$PG_BIN/$1" "${@:2}"; }
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  pgrun pg_ctl -D "$pg" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$dir" "$pg"
}
trap cleanup EXIT
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
rss() { awk '/VmRSS/ {print $2 " kB"}' "/proc/$1/status"; }
now() { date +%s.%N; }
since() { python3 -c "print(f'{$(now) - $1:.2f}')"; }

PGPORT=$(port)
pgrun initdb -D "$pg" -A trust -U postgres --no-sync >/dev/null
pgrun pg_ctl -D "$pg" -l "$pg/server.log" -w start \
  -o "-p $PGPORT -k $pg -c listen_addresses=127.0.0.1 -c fsync=off -c shared_buffers=256MB" >/dev/null
export PATMINT_STORE="postgres://postgres@127.0.0.1:$PGPORT/postgres"
"$BIN" store migrate 2>/dev/null

# The load token's record and RECORDS-1 others (tokens thrown away), as an export file.
env -u PATMINT_STORE "$BIN" mint --records "$dir/load.json" --name load --scope repo --no-expiration > "$dir/token"
left=$((RECORDS - 1)); : > "$dir/others"
while [ "$left" -gt 0 ]; do # generate makes at most 100 000 at a time
  n=$((left < 100000 ? left : 100000)); "$BIN" generate --count "$n" | "$BIN" fingerprint >> "$dir/others"; left=$((left - n))
done
python3 - "$dir" <<'PY'
import json, sys
d = sys.argv[1]
f = json.load(open(f"{d}/load.json"))
with open(f"{d}/others") as o:
    for i, fp in enumerate(o.read().split()):
        f["records"].append({"name": f"other {i}", "format": "ghp", "scopes": ["gist"],
            "createdAt": "2026-01-01T00:00:00Z", "expiresAt": None, "fingerprint": fp, "last4": "abcd"})
json.dump(f, open(f"{d}/records.json", "w"))
PY
t0=$(now)
"$BIN" store import "$dir/records.json" 2>/dev/null
echo "import of $RECORDS records: $(since "$t0") s"

export BENCH_TOKEN
BENCH_TOKEN=$(cat "$dir/token")
cat > "$dir/auth.lua" <<'LUA'
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
LUA

serve() { # port id: starts an instance, waits for /healthz, prints its start-up time
  local t0; t0=$(now)
  "$BIN" serve --listen "127.0.0.1:$1" --instance-id "$2" --max-connections 16384 \
    2> >(awk 'index($0, ENVIRON["BENCH_TOKEN"]) { leaks++ } /"event"|panicked/ { print; fflush() }
              END { if (leaks) print "TOKEN IN LOG" > "/dev/stderr" }' > "$dir/events-$2.log") &
  pids+=($!); LAST=$!
  for _ in $(seq 1200); do curl -sf "http://127.0.0.1:$1/healthz" >/dev/null && break; sleep 0.05; done
  curl -sf "http://127.0.0.1:$1/healthz" >/dev/null || { echo "instance $2 did not start"; exit 1; }
  echo "instance $2: loaded and listening after $(since "$t0") s"
}
A=$(port); B=$(port); C=$(port); N=$(port)
serve "$A" a; SERVE_A=$LAST
echo "instance a RSS with $RECORDS records: $(rss "$SERVE_A")"
[ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $BENCH_TOKEN" "http://127.0.0.1:$A/auth?scope=repo" -K /dev/null)" = 204 ] \
  || { echo "the instance does not allow the load token"; exit 1; }

mkdir -p "$dir/nginx"
cat > "$dir/nginx/nginx.conf" <<NGINX
$([ "$(id -u)" -eq 0 ] && echo 'user root;')
worker_processes auto;
pid $dir/nginx/nginx.pid;
error_log $dir/nginx/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $dir/nginx/body; proxy_temp_path $dir/nginx/proxy;
  fastcgi_temp_path $dir/nginx/fastcgi; uwsgi_temp_path $dir/nginx/uwsgi; scgi_temp_path $dir/nginx/scgi;
  server { listen 127.0.0.1:$N; location / { return 204; } }
}
NGINX
/usr/sbin/nginx -p "$dir/nginx" -c "$dir/nginx/nginx.conf" -e "$dir/nginx/error.log" -g 'daemon off;' &
pids+=($!)
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$N/" && break; sleep 0.1; done

load() { # name url threads connections seconds
  wrk -t"$3" -c"$4" -d"$5s" --latency -s "$dir/auth.lua" "$2" > "$dir/wrk-$1.txt"
  awk -v n="$1" '/Requests\/sec/ {r=$2} $1 == "50%" {p50=$2} $1 == "99%" {p99=$2} /Non-2xx/ {bad=$NF} /Socket errors/ {err=$0}
    END { printf "%-12s %10s req/s  p50 %s  p99 %s%s%s\n", n, r, p50, p99, (bad ? "  non-2xx " bad : ""), (err ? "  " err : "") }' "$dir/wrk-$1.txt"
}
rps() { awk '/Requests\/sec/ {print $2}' "$dir/wrk-$1.txt"; }
load nginx "http://127.0.0.1:$N/" 2 "$CONNECTIONS" "$DURATION"
load one "http://127.0.0.1:$A/auth?scope=repo" 2 "$CONNECTIONS" "$DURATION"
python3 -c "print(f'one instance over PostgreSQL / nginx return 204: {$(rps one) / $(rps nginx):.2f}x')"

serve "$B" b; serve "$C" c
load three-a "http://127.0.0.1:$A/auth?scope=repo" 1 "$((CONNECTIONS / 3))" "$DURATION" & w1=$!
load three-b "http://127.0.0.1:$B/auth?scope=repo" 1 "$((CONNECTIONS / 3))" "$DURATION" & w2=$!
load three-c "http://127.0.0.1:$C/auth?scope=repo" 1 "$((CONNECTIONS / 3))" "$DURATION" & w3=$!
wait "$w1" "$w2" "$w3"
python3 -c "print(f'three instances at once: {$(rps three-a) + $(rps three-b) + $(rps three-c):.0f} req/s in all')"

# Revocation latency, with instance a under load: mint (untimed), wait until every instance
# allows, then time from the start of `patmint revoke` until every instance refuses.
wrk -t1 -c"$((CONNECTIONS / 2))" -d"$((REVOCATIONS * 2 + 30))s" -s "$dir/auth.lua" "http://127.0.0.1:$A/auth?scope=repo" > /dev/null &
pids+=($!)
if python3 - "$BIN" "$REVOCATIONS" "$A" "$B" "$C" <<'PY'
import base64, http.client, subprocess, sys, threading, time
bin, n, ports = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
# One keep-alive connection per instance, polled by a thread of its own: a serial poller
# would measure its own waits on the loaded instance, not the revocation.
conns = {p: http.client.HTTPConnection("127.0.0.1", int(p), timeout=5) for p in ports}
def status(port, token):
    c = conns[port]
    c.request("GET", "/auth?scope=repo", headers={"Authorization": "Basic " + base64.b64encode(f"x:{token}".encode()).decode()})
    r = c.getresponse()
    r.read()
    return r.status
worst, cli, after = [], [], []
per = {p: [] for p in ports}
for i in range(n):
    token = subprocess.run([bin, "mint", "--name", f"revoke {i}", "--scope", "repo"], capture_output=True, text=True, check=True).stdout.strip()
    while any(status(p, token) != 204 for p in ports):
        time.sleep(0.005)
    t0 = time.monotonic()
    ends = {}
    def watch(p):
        while time.monotonic() - t0 < 5:
            if status(p, token) == 401:
                ends[p] = time.monotonic()
                return
            time.sleep(0.001)
    threads = [threading.Thread(target=watch, args=(p,)) for p in ports]
    for t in threads:
        t.start()
    subprocess.run([bin, "revoke", "--name", f"revoke {i}"], capture_output=True, check=True)
    t1 = time.monotonic()
    cli.append((t1 - t0) * 1000)
    for t in threads:
        t.join()
    if len(ends) < len(ports):
        print(f"revocation {i}: still allowed after 5 s by {sorted(set(ports) - set(ends))}")
        sys.exit(1)
    each = [e - t0 for e in ends.values()]
    for p, e in ends.items():
        per[p].append(max(0.0, e - t1) * 1000)
    worst.append(max(each) * 1000)
    after.append(max(0.0, max(each) - (t1 - t0)) * 1000)
def show(what, xs):
    xs = sorted(xs)
    pick = lambda q: xs[min(len(xs) - 1, int(q * len(xs)))]
    print(f"{what}: p50 {pick(0.5):.0f} ms, p99 {pick(0.99):.0f} ms, max {xs[-1]:.0f} ms")
print(f"revocation, {n} times, three instances (one under load):")
show("  from the start of `patmint revoke` until all three refuse", worst)
show("  the `patmint revoke` process alone (start, connect, delete, commit)", cli)
show("  from its exit until all three refuse", after)
for name, p in zip("abc", ports):
    show(f"  from its exit until instance {name} refuses" + (" (under load)" if name == "a" else ""), per[p])
PY
then :; else tail -n 20 "$dir"/events-*.log; exit 1; fi
echo "instance a RSS after: $(rss "$SERVE_A")"
