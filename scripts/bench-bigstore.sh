#!/usr/bin/env bash
# Big-store benchmark: fills a data directory with N spans (10 million by default) and measures,
# with that much stored:
#   1. fill: storage-level write rate (spans/s, through the storage SPI, search indexes included)
#      and bytes on disk per span, after the store's own flush and compactions;
#   2. start-up: time from launching ./sightline to a 200 from the admin port's /ready, and RSS
#      then, on the filled directory and on empty ones for comparison (--startup-runs each);
#   3. over HTTP, against the server running on the filled directory: GET /api/traces/{id} for
#      random stored traces, and GET /api/traces?service=checkout&tags={"http.method":"POST"}&limit=20&start=&end= (20 traces
#      of 50 spans), one client thread, --warmup requests left out, then --requests timed;
#   4. in-process, server stopped: the same two queries straight on RocksDbStorage;
#   5. bytes on disk per span again after a full manual compaction of every partition.
# Every answer is checked against what the fill stored (a wrong one stops the run). The load
# average is recorded with each figure: on a shared machine, read them with it.
#
# The fill writes through RocksDbStorage directly (BigStoreFill), not over HTTP: that is far
# faster, and the ingest path over the network is measured by scripts/bench-ingest.sh.
#
# Usage: scripts/bench-bigstore.sh [options]
#   --spans N              spans to store (default 10000000)
#   --window-minutes M     the spans' start times spread over the last M minutes (default 1440)
#   --requests N           timed requests of each kind (default 1000)
#   --warmup N             untimed requests of each kind before them (default 200)
#   --startup-runs N       start-ups measured on the filled directory and on empty ones (default 3)
#   --sync-writes BOOL     fsync each fill write, as the server does by default (default true)
#   --data-dir DIR         where to fill (default: a new directory under /tmp); must not exist
#   --keep-data            do not delete the filled directory at the end
#   --out DIR              where logs, JSON reports and the summary go (default: a new temp dir)
# Environment: SERVER_JAVA_OPTS (JVM options of the server, e.g. -Xmx2g), BENCH_JAVA_OPTS (JVM
#   options of the fill and query tools), JAVA_HOME.
# Needs: java 17+, python3, curl. Linux only (/proc). The server is stopped and the data
# directory deleted on exit, whatever the exit path.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

spans=10000000
window_minutes=1440
requests=1000
warmup=200
startup_runs=3
sync_writes=true
data_dir=""
keep_data=false
out_dir=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --spans) spans="${2:?--spans needs a value}"; shift 2 ;;
    --window-minutes) window_minutes="${2:?--window-minutes needs a value}"; shift 2 ;;
    --requests) requests="${2:?--requests needs a value}"; shift 2 ;;
    --warmup) warmup="${2:?--warmup needs a value}"; shift 2 ;;
    --startup-runs) startup_runs="${2:?--startup-runs needs a value}"; shift 2 ;;
    --sync-writes) sync_writes="${2:?--sync-writes needs a value}"; shift 2 ;;
    --data-dir) data_dir="${2:?--data-dir needs a value}"; shift 2 ;;
    --keep-data) keep_data=true; shift ;;
    --out) out_dir="${2:?--out needs a value}"; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench-bigstore: unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done
for pair in "spans:$spans" "window-minutes:$window_minutes" "requests:$requests" "startup-runs:$startup_runs"; do
  [[ "${pair#*:}" =~ ^[1-9][0-9]*$ ]] || { echo "bench-bigstore: --${pair%%:*}: ${pair#*:} (expected: a whole number > 0)" >&2; exit 2; }
done
[[ "$warmup" =~ ^[0-9]+$ ]] || { echo "bench-bigstore: --warmup: $warmup (expected: a whole number >= 0)" >&2; exit 2; }
[[ "$sync_writes" == true || "$sync_writes" == false ]] || { echo "bench-bigstore: --sync-writes: $sync_writes (expected: true or false)" >&2; exit 2; }

java_bin="java"
if [[ -n "${JAVA_HOME:-}" ]]; then java_bin="$JAVA_HOME/bin/java"; fi
for tool in "$java_bin" python3 curl; do
  command -v "$tool" >/dev/null || { echo "bench-bigstore: $tool not found" >&2; exit 2; }
done
[[ -r /proc/self/stat ]] || { echo "bench-bigstore: needs Linux /proc" >&2; exit 2; }

if [[ -z "$out_dir" ]]; then out_dir="$(mktemp -d -t sightline-bigstore.XXXXXX)"; fi
mkdir -p "$out_dir"
out_dir="$(cd "$out_dir" && pwd)"
log() { echo "bench-bigstore: $*" >&2; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

# Room: about 400 bytes per span on disk with the layout of 2026-11-29, twice that while compacting.
needed_kib=$(( spans * 800 / 1024 ))
if [[ -z "$data_dir" ]]; then data_dir="$(mktemp -u -d /tmp/sightline-bigstore-data.XXXXXX)"; fi
[[ ! -e "$data_dir" ]] || { log "--data-dir $data_dir exists (expected: a new directory)"; exit 2; }
mkdir -p "$data_dir"
data_dir="$(cd "$data_dir" && pwd)"
avail_kib="$(df -Pk "$data_dir" | awk 'NR == 2 {print $4}')"
if (( avail_kib < needed_kib )); then
  log "only $((avail_kib / 1024)) MiB free on $data_dir's volume; $spans spans need about $((needed_kib / 1024)) MiB"
  rmdir "$data_dir"; exit 2
fi

# --- every process this script starts is stopped on exit, whatever the exit path -------------
server_pid=""
empty_dirs=()
stop_server() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    # A clean shutdown flushes the store; past 60 s the server is killed.
    for _ in $(seq 1 120); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  server_pid=""
}
cleanup() {
  stop_server
  for dir in "${empty_dirs[@]}"; do rm -rf "$dir"; done
  if ! $keep_data && [[ -n "$data_dir" ]]; then rm -rf "$data_dir"; fi
}
trap 'cleanup' EXIT
trap 'exit 130' INT TERM

# --- build what is missing or stale ------------------------------------------------------------
server_jar="server/target/sightline-server-0.1.0-SNAPSHOT.jar"
bench_jar="benchmarks/target/sightline-benchmarks-0.1.0-SNAPSHOT.jar"
stale() { # jar, then the directories whose sources it is built from
  local jar="$1"; shift
  [[ ! -f "$jar" || ! -d "$(dirname "$jar")/lib" ]] && return 0
  [[ -n "$(find "$@" pom.xml -type f \( -path '*/src/main/*' -o -name pom.xml \) -newer "$jar" -print -quit)" ]]
}
modules=(core storage-rocksdb collector query spm sampling ui server tracegen benchmarks)
if stale "$server_jar" "${modules[@]}" || stale "$bench_jar" "${modules[@]}"; then
  log "building the server and benchmarks jars ..."
  ./mvnw -B -ntp -q -o -DskipTests package -pl server,benchmarks -am >&2 \
    || ./mvnw -B -ntp -q -DskipTests package -pl server,benchmarks -am >&2
  # ./sightline rebuilds when a source is newer than its jar: that must not happen while timed.
  touch "$server_jar" "$bench_jar"
fi
bench_cp="$bench_jar:benchmarks/target/lib/*"

# --- helpers -----------------------------------------------------------------------------------
free_ports() { # N distinct free TCP ports on 127.0.0.1
  python3 - "$1" <<'EOF'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
for s in socks: s.close()
EOF
}
rss_mib() { awk '/^VmRSS:/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }
now_ms() { date +%s%3N; }

# Starts ./sightline on a data directory and waits for /ready; sets server_pid, query_port and
# started_ms (launch to ready, ms).
start_server() { # data dir, log file
  local dir="$1" log_file="$2" ports t0
  read -r -a ports <<<"$(free_ports 9)"
  query_port="${ports[7]}"
  t0="$(now_ms)"
  # shellcheck disable=SC2086
  JAVA_OPTS="${SERVER_JAVA_OPTS:-}" ./sightline \
    --data-dir "$dir" \
    --otlp-grpc-host-port "127.0.0.1:${ports[0]}" \
    --otlp-http-host-port "127.0.0.1:${ports[1]}" \
    --jaeger-grpc-host-port "127.0.0.1:${ports[2]}" \
    --jaeger-http-host-port "127.0.0.1:${ports[3]}" \
    --agent-compact-host-port "127.0.0.1:${ports[4]}" \
    --agent-binary-host-port "127.0.0.1:${ports[5]}" \
    --zipkin-host-port "127.0.0.1:${ports[6]}" \
    --query-http-host-port "127.0.0.1:${ports[7]}" \
    --admin-host-port "127.0.0.1:${ports[8]}" \
    >"$log_file" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 6000); do
    if ! kill -0 "$server_pid" 2>/dev/null; then
      log "server exited during start; last lines of $log_file:"; tail -20 "$log_file" >&2; exit 1
    fi
    if curl -sf -o /dev/null --max-time 1 "http://127.0.0.1:${ports[8]}/ready"; then
      started_ms=$(( $(now_ms) - t0 ))
      return 0
    fi
    sleep 0.02
  done
  log "server not ready after 120 s; see $log_file"; exit 1
}

summary="$out_dir/summary.tsv" # what, value, loadavg
: >"$summary"
record() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$summary"; log "$1: $2 (loadavg $3)"; }

# --- 1. fill -----------------------------------------------------------------------------------
log "results in $out_dir; filling $data_dir with $spans spans (loadavg $(load))"
# shellcheck disable=SC2086
"$java_bin" ${BENCH_JAVA_OPTS:-} -cp "$bench_cp" io.sightline.benchmarks.bigstore.BigStoreFill \
  --data-dir "$data_dir" --manifest "$out_dir/fill.json" --spans "$spans" \
  --window-minutes "$window_minutes" --sync-writes "$sync_writes" 2>&1 | tee "$out_dir/fill.log" >&2
[[ -s "$out_dir/fill.json" ]] || { log "the fill wrote no manifest; see $out_dir/fill.log"; exit 1; }
python3 - "$out_dir/fill.json" >>"$summary" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))["report"]
w = r["writeMs"]
rows = [
    ("fill: spans stored", "%d in %d traces" % (r["spans"], r["traces"]), r["loadAverageAfter"]),
    ("fill: storage write rate", "%d spans/s over %.0f s (%d spans/write, %d writer threads, sync %s)"
        % (r["spansPerSecond"], r["elapsedMs"] / 1000, r["batchSpans"], r["writerThreads"], str(r["syncWrites"]).lower()),
        r["loadAverageBefore"] + " -> " + r["loadAverageAfter"]),
    ("fill: spans/s per %d s interval" % r["intervalSeconds"], " ".join(str(x) for x in r["intervalSpansPerSecond"]), "-"),
    ("fill: write call ms p50/p99/max", "%.1f / %.1f / %.1f" % (w["p50"], w["p99"], w["max"]), "-"),
    ("fill: bytes on disk after close", "%d (%d in SST files): %.1f bytes/span" % (r["bytesOnDisk"], r["sstBytes"], r["bytesPerSpan"]),
        r["loadAverageAfter"]),
]
for row in rows:
    print("\t".join(str(x) for x in row))
EOF

# --- 2. start-up, empty and filled -------------------------------------------------------------
for run in $(seq 1 "$startup_runs"); do
  empty="$(mktemp -d /tmp/sightline-bigstore-empty.XXXXXX)"
  empty_dirs+=("$empty")
  before="$(load)"
  start_server "$empty" "$out_dir/startup-empty-$run.log"
  record "start-up, empty directory, run $run" "${started_ms} ms to /ready, RSS $(rss_mib "$server_pid") MiB" "$before"
  stop_server
  rm -rf "$empty"
done
for run in $(seq 1 "$startup_runs"); do
  before="$(load)"
  start_server "$data_dir" "$out_dir/startup-filled-$run.log"
  record "start-up, $spans spans stored, run $run" "${started_ms} ms to /ready, RSS $(rss_mib "$server_pid") MiB" "$before"
  if (( run < startup_runs )); then stop_server; fi
done

# --- 3. over HTTP, against the server still running on the filled directory ---------------------
# shellcheck disable=SC2086
"$java_bin" ${BENCH_JAVA_OPTS:-} -cp "$bench_cp" io.sightline.benchmarks.bigstore.BigStoreQueryBench \
  --mode http --base-url "http://127.0.0.1:$query_port" --manifest "$out_dir/fill.json" \
  --requests "$requests" --warmup "$warmup" --report "$out_dir/query-http.json" 2>&1 | tee "$out_dir/query-http.log" >&2
[[ -s "$out_dir/query-http.json" ]] || { log "the HTTP query benchmark failed; see $out_dir/query-http.log"; exit 1; }
record "server RSS after the HTTP queries" "$(rss_mib "$server_pid") MiB" "$(load)"
stop_server

# --- 4. in-process, server stopped -------------------------------------------------------------
# shellcheck disable=SC2086
"$java_bin" ${BENCH_JAVA_OPTS:-} -cp "$bench_cp" io.sightline.benchmarks.bigstore.BigStoreQueryBench \
  --mode storage --data-dir "$data_dir" --manifest "$out_dir/fill.json" \
  --requests "$requests" --warmup "$warmup" --report "$out_dir/query-storage.json" 2>&1 | tee "$out_dir/query-storage.log" >&2
[[ -s "$out_dir/query-storage.json" ]] || { log "the storage query benchmark failed; see $out_dir/query-storage.log"; exit 1; }
for mode in http storage; do
  python3 - "$out_dir/query-$mode.json" >>"$summary" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
for q in r["results"]:
    ms = q["ms"]
    body = ", mean body %d bytes" % q["meanBodyBytes"] if q["meanBodyBytes"] else ""
    print("%s: %s\tp50 %.2f / p95 %.2f / p99 %.2f / max %.2f ms (n=%d, %d full answers%s)\t%s -> %s" % (
        r["mode"], q["name"], ms["p50"], ms["p95"], ms["p99"], ms["max"], ms["count"], q["fullAnswers"], body,
        r["loadAverageBefore"], r["loadAverageAfter"]))
if r["storeOpenMs"] >= 0:
    print("storage: RocksDbStorage.open\t%d ms\t%s" % (r["storeOpenMs"], r["loadAverageBefore"]))
EOF
done

# --- 5. after a full manual compaction -----------------------------------------------------------
before="$(load)"
read -r bytes_before bytes_after compact_ms < <("$java_bin" ${BENCH_JAVA_OPTS:-} -cp "$bench_cp" \
  io.sightline.storage.rocksdb.BigStoreCompaction "$data_dir" 2>"$out_dir/compaction.log")
[[ -n "${bytes_after:-}" ]] || { log "the compaction failed; see $out_dir/compaction.log"; exit 1; }
stored="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["spans"])' "$out_dir/fill.json")"
record "bytes on disk after a full manual compaction" "$bytes_before -> $bytes_after bytes in $compact_ms ms: $(python3 -c "print('%.1f' % ($bytes_after / $stored))") bytes/span" "$before"

# --- summary -----------------------------------------------------------------------------------
{
  echo
  echo "Big-store benchmark: $spans spans over the last $window_minutes minutes, $requests timed requests of each kind after $warmup, $(nproc) CPUs"
  awk -F'\t' '{printf "%-62s %s   [loadavg %s]\n", $1, $2, $3}' "$summary"
  echo "Reports and logs: $out_dir"
} | tee "$out_dir/summary.txt"
