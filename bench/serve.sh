#!/usr/bin/env bash
# Load, faults and bad input for `patmint serve` (./build.sh bench runs it): wrk against
# patmint serve and, on the same machine, against nginx's own `return 204`; then the records
# file replaced 100 times under load, and bench/faults.py (garbage, 1 MB, slowloris, 10 000
# idle connections). Prints figures; a benchmark, not a test, but it fails on errors.
#   DURATION=30 CONNECTIONS=64 RECORDS=10000 ROUNDS=1 bench/serve.sh
# ROUNDS > 1 alternates nginx and patmint that many times (the machine's load changes from one
# run to the next) and prints each round's ratio and their median.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
DURATION=${DURATION:-30}
CONNECTIONS=${CONNECTIONS:-64}
ROUNDS=${ROUNDS:-1}
RECORDS=${RECORDS:-10000}
BIN=target/release/patmint
cargo build --quiet --release --bin patmint

dir=$(mktemp -d "${TMPDIR:-/tmp}/patmint-bench-XXXXXX")
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$dir"; }
trap cleanup EXIT
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
rss() { awk '/VmRSS/ {print $2 " kB"}' "/proc/$1/status"; }

# The token used under load, and RECORDS-1 other records (tokens thrown away).
"$BIN" mint --records "$dir/records.json" --name load --scope repo --no-expiration > "$dir/token"
"$BIN" generate --count "$((RECORDS - 1))" | "$BIN" fingerprint > "$dir/others"
python3 - "$dir" <<'PY'
import json, sys
d = sys.argv[1]
f = json.load(open(f"{d}/records.json"))
for i, fp in enumerate(open(f"{d}/others").read().split()):
    f["records"].append({"name": f"other {i}", "format": "ghp", "scopes": ["gist"],
        "createdAt": "2026-01-01T00:00:00Z", "expiresAt": None, "fingerprint": fp, "last4": "abcd"})
json.dump(f, open(f"{d}/records.json", "w"))
PY

cat > "$dir/auth.lua" <<'LUA'
-- The token from the environment: never on wrk's command line.
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
LUA
export BENCH_TOKEN
BENCH_TOKEN=$(cat "$dir/token")

P=$(port); N=$(port)
# patmint logs a line per decision (millions here): keep the events (start, reloads) and count
# the lines, and look for the token in every line on the way (from the environment, not argv).
"$BIN" serve --records "$dir/records.json" --listen "127.0.0.1:$P" --max-connections 16384 \
  2> >(awk 'index($0, ENVIRON["BENCH_TOKEN"]) { leaks++ } /"event"/ { print; fflush() }
            END { print NR " log lines, " leaks + 0 " holding the token" > "/dev/stderr" }' \
       > "$dir/patmint.log" 2> "$dir/log-summary.txt") &
pids+=($!); SERVE=$!
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
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$P/healthz" >/dev/null && curl -s -o /dev/null "http://127.0.0.1:$N/" && break; sleep 0.1; done
[ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $BENCH_TOKEN" "http://127.0.0.1:$P/auth?scope=public_repo" -K /dev/null)" = 204 ] \
  || { echo "patmint serve does not allow the load token"; exit 1; }

load() { # name url
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$dir/auth.lua" "$2" > "$dir/wrk-$1.txt"
  local rps p50 p99 errors non2xx
  rps=$(awk '/Requests\/sec/ {print $2}' "$dir/wrk-$1.txt")
  p50=$(awk '$1 == "50%" {print $2}' "$dir/wrk-$1.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$dir/wrk-$1.txt")
  errors=$(awk '/Socket errors/ {print $0}' "$dir/wrk-$1.txt")
  non2xx=$(awk '/Non-2xx/ {print $NF}' "$dir/wrk-$1.txt")
  printf '%-28s %10s req/s  p50 %8s  p99 %8s  non-2xx %s  %s\n' "$1" "$rps" "$p50" "$p99" "${non2xx:-0}" "${errors:-socket errors 0}"
  echo "$rps" > "$dir/rps-$1"
}

echo "patmint serve ($RECORDS records) vs nginx return 204: wrk -t2 -c$CONNECTIONS -d${DURATION}s, $(nproc) cores"
echo "patmint serve RSS before: $(rss $SERVE)"
for round in $(seq "$ROUNDS"); do
  [ "$ROUNDS" -gt 1 ] && echo "round $round (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  load "nginx return 204" "http://127.0.0.1:$N/"
  load "patmint serve" "http://127.0.0.1:$P/auth?scope=public_repo"
  python3 -c "import sys; a, b = (float(open(f).read()) for f in sys.argv[1:]); print(f'{a / b:.3f}')" \
    "$dir/rps-patmint serve" "$dir/rps-nginx return 204" >> "$dir/ratios"
done
echo "patmint serve RSS after:  $(rss $SERVE)"
python3 -c "import statistics, sys; r = [float(x) for x in open(sys.argv[1])]; print(f'ratio patmint/nginx: {statistics.median(r):.2f}' + (f' (median of {len(r)} rounds: ' + ', '.join(f'{x:.2f}' for x in r) + ')' if len(r) > 1 else ''))" \
  "$dir/ratios"

# The records file replaced 100 times under load: each version drops one more victim record;
# once the server has logged the reload, that victim's token must be refused.
"$BIN" generate --count 100 > "$dir/victims"
python3 - "$dir" <<'PY'
import hashlib, json, sys
d = sys.argv[1]
f = json.load(open(f"{d}/records.json"))
for i, t in enumerate(open(f"{d}/victims").read().split()):
    f["records"].append({"name": f"victim {i}", "format": "ghp", "scopes": ["repo"],
        "createdAt": "2026-01-01T00:00:00Z", "expiresAt": None,
        "fingerprint": hashlib.sha256(t.encode()).hexdigest(), "last4": t[-4:]})
json.dump(f, open(f"{d}/records.json.new", "w"))
PY
mv "$dir/records.json.new" "$dir/records.json"
sleep 1
# wrk runs until the swaps are done (SIGINT makes it stop and print its figures).
wrk -t2 -c"$CONNECTIONS" -d600s -s "$dir/auth.lua" "http://127.0.0.1:$P/auth?scope=public_repo" > "$dir/wrk-swaps.txt" &
WRK=$!; pids+=("$WRK")   # stopped on an early exit too
sleep 1
refused=0
started=$(date +%s.%N)
for i in $(seq 0 99); do
  python3 - "$dir" "$i" <<'PY'
import json, sys
d, i = sys.argv[1], int(sys.argv[2])
f = json.load(open(f"{d}/records.json"))
f["records"] = [r for r in f["records"] if r["name"] != f"victim {i}"]
json.dump(f, open(f"{d}/records.json.new", "w"))
PY
  # Only the log written since the swap is searched (it grows by a line per request).
  offset=$(($(stat -c %s "$dir/patmint.log") + 1))
  mv "$dir/records.json.new" "$dir/records.json"
  until tail -c "+$offset" "$dir/patmint.log" | grep -q '"event":"reloaded"'; do sleep 0.02; done
  victim=$(sed -n "$((i + 1))p" "$dir/victims")
  code=$(printf 'header = "Authorization: Bearer %s"\n' "$victim" | curl -s -o /dev/null -w '%{http_code}' -K - "http://127.0.0.1:$P/auth?scope=public_repo")
  [ "$code" = 401 ] && refused=$((refused + 1))
done
elapsed=$(python3 -c "import time,sys; print(f'{time.time() - float(sys.argv[1]):.1f}')" "$started")
kill -INT $WRK
wait $WRK || true
echo "records file replaced 100 times in ${elapsed} s under load: deleted record refused after $refused/100 swaps;" \
  "wrk: $(awk '/Requests\/sec/ {print $2}' "$dir/wrk-swaps.txt") req/s, non-2xx $(awk '/Non-2xx/ {print $NF}' "$dir/wrk-swaps.txt" | grep . || echo 0)," \
  "$(grep 'Socket errors' "$dir/wrk-swaps.txt" || echo 'socket errors 0')"

echo "faults (during load):"
wrk -t1 -c16 -d40s -s "$dir/auth.lua" "http://127.0.0.1:$P/auth?scope=public_repo" > "$dir/wrk-faults.txt" &
WRK=$!; pids+=("$WRK")   # stopped on an early exit too
python3 bench/faults.py "$P"
wait $WRK
echo "wrk during the faults: $(awk '/Requests\/sec/ {print $2}' "$dir/wrk-faults.txt") req/s, non-2xx $(awk '/Non-2xx/ {print $NF}' "$dir/wrk-faults.txt" | grep . || echo 0), $(grep 'Socket errors' "$dir/wrk-faults.txt" || echo 'socket errors 0')"
echo "patmint serve RSS at the end: $(rss $SERVE)"
kill "$SERVE"; wait "$SERVE" 2>/dev/null || true; sleep 1
echo "patmint's log: $(cat "$dir/log-summary.txt")"
grep -q ' 0 holding the token' "$dir/log-summary.txt"
