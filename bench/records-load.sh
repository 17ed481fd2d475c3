#!/usr/bin/env bash
# Loading large records files (issue 25.5): generates export files of 10 000, 100 000 and
# 1 000 000 records (classic and fine-grained, as the demo page exports them) and times
# `patmint verify` (parse, validate, index: what `serve` does on each reload) and `patmint mint`
# (load, add one record, write the file back: how long it holds the lock), printing wall time,
# CPU time (user + system: steadier than wall time on a shared machine) and peak RSS from
# /usr/bin/time -v (Debian package `time`). A benchmark, not a test: it prints figures and fails
# only on errors; a run over TIMEOUT seconds is reported as such.
#   bench/records-load.sh [COUNT ...]        (default: 10000 100000 1000000)
#   TIMEOUT=120 RUNS=3 bench/records-load.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
TIMEOUT=${TIMEOUT:-120}
RUNS=${RUNS:-3}
COUNTS=("$@")
[ ${#COUNTS[@]} -gt 0 ] || COUNTS=(10000 100000 1000000)
BIN=${BIN:-target/release/patmint}
[ -n "${BIN_GIVEN:-}" ] || cargo build --quiet --release --bin patmint
[ -x /usr/bin/time ] || { echo "records-load: needs /usr/bin/time (apt-get install time)" >&2; exit 1; }

dir=$(mktemp -d "${TMPDIR:-/tmp}/patmint-records-load-XXXXXX")
trap 'rm -rf "$dir"' EXIT

generate() {
  python3 - "$1" "$2" <<'PY'
import hashlib, json, sys
n, out = int(sys.argv[1]), sys.argv[2]
with open(out, "w") as f:
    f.write('{"format":"patmint.records","version":2,"exportedAt":"2026-06-01T00:00:00Z","records":[\n')
    for i in range(n):
        fp = hashlib.sha256(b"record %d" % i).hexdigest()
        base = {"name": "token %d" % i, "createdAt": "2026-01-01T00:00:00Z"}
        if i % 4 == 3:
            base.update(format="github_pat", description="bench", resourceOwner="octo-org",
                        repositoryAccess={"kind": "selected", "repositories": ["octo-org/api", "octo-org/web"]},
                        permissions={"contents": "write", "metadata": "read"},
                        expiresAt="2026-12-01T00:00:00Z")
        else:
            base.update(format="ghp", scopes=["repo", "read:org"],
                        expiresAt=None if i % 2 else "2026-12-01T00:00:00Z")
        base.update(fingerprint=fp, last4="AbC1")
        f.write(("," if i else "") + json.dumps(base, separators=(",", ":")) + "\n")
    f.write("]}\n")
PY
}

# One timed run of "$@": prints "wall-seconds cpu-seconds peak-RSS-kB" or "timeout".
timed() {
  local log="$dir/time.log" status=0
  timeout "$TIMEOUT" /usr/bin/time -v -o "$log" "$@" </dev/null >/dev/null 2>"$dir/err" || status=$?
  if [ "$status" -eq 124 ]; then echo timeout; return; fi
  if [ "$status" -ne 0 ]; then echo "records-load: $* failed ($status):" >&2; cat "$dir/err" >&2; exit 1; fi
  awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i] }
              /User time|System time/ { cpu += $2 }
              /Maximum resident set size/ { rss = $2 }
              END { printf "%.2f %.2f %d\n", s, cpu, rss }' "$log"
}

# The median run (by time) of RUNS; stops after the first timeout.
median() {
  local results=() r
  for _ in $(seq "$RUNS"); do
    r=$(timed "$@")
    if [ "$r" = timeout ]; then echo "timeout (> ${TIMEOUT} s)"; return; fi
    results+=("$r")
  done
  printf '%s\n' "${results[@]}" | sort -n | awk -v m=$(((RUNS + 1) / 2)) 'NR == m { printf "%6.2f s (CPU %5.2f s)  peak RSS %6.1f MiB\n", $1, $2, $3 / 1024 }'
}

printf '%-9s %8s  %-42s %s\n' records "file MiB" "verify (load)" "mint (load + write, under the lock)"
for n in "${COUNTS[@]}"; do
  f="$dir/records-$n.json"
  generate "$n" "$f"
  size=$(stat -c %s "$f")
  v=$(median "$BIN" verify --records "$f")
  cp "$f" "$dir/mint.json"
  m=$(RUNS=1 median "$BIN" mint --records "$dir/mint.json" --name bench --scope repo)
  printf '%-9s %8.1f  %-42s %s\n' "$n" "$(awk -v s="$size" 'BEGIN { print s / 1048576 }')" "$v" "$m"
  rm -f "$f" "$dir/mint.json" "$dir/mint.json.lock"
done
