#!/usr/bin/env bash
# End-to-end ingest benchmark: Sightline, and Zipkin server for comparison, each started fresh on
# loopback ports, driven by `tracegen load` for a fixed time. Four runs, one after the other:
#   1. OTLP/gRPC into Sightline as fast as it acknowledges (the measured maximum);
#   2. OTLP/gRPC into Sightline at 80% of that maximum (should see no rejected span);
#   3. Zipkin JSON v2 into Sightline as fast as it acknowledges;
#   4. Zipkin JSON v2 into Zipkin server (in-memory storage) as fast as it acknowledges.
# Each run reports acknowledged spans/s, ack latency percentiles, rejected and failed spans, the
# server's CPU time over the run (utime+stime from /proc/<pid>/stat) and its peak RSS (VmHWM);
# the end prints a table and Sightline's Zipkin JSON rate as a multiple of Zipkin's.
#
# Usage: scripts/bench-ingest.sh [options]
#   --duration SECONDS      length of each run (default 60)
#   --concurrency N         tracegen senders, each with one request in flight (default 4)
#   --batch-size SPANS      spans per request (default 512)
#   --only LIST             comma-separated runs to do: otlp-max,otlp-80,zipkin-sightline,zipkin-server
#                           (default: all; otlp-80 needs otlp-max or --otlp-rate)
#   --otlp-rate SPANS_PER_S fixed rate of the otlp-80 run instead of 80% of the measured maximum
#   --zipkin-version V      io.zipkin:zipkin-server version from Maven Central (default 3.5.1)
#   --out DIR               where logs, JSON reports and the summary go (default: a new temp dir)
#   --jfr                   record a JFR profile of each server (DIR/<run>.jfr)
# Environment: SERVER_JAVA_OPTS (extra JVM options for both servers), SIGHTLINE_ARGS (extra
#   Sightline flags, e.g. "--storage-sync-writes false"), JAVA_HOME.
# Needs: java 17+, python3, curl. Linux only (/proc). Everything is stopped on exit.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

duration_s=60
concurrency=4
batch_size=512
only="otlp-max,otlp-80,zipkin-sightline,zipkin-server"
otlp_rate=""
zipkin_version="3.5.1"
out_dir=""
jfr=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    --duration) duration_s="${2:?--duration needs a value}"; shift 2 ;;
    --concurrency) concurrency="${2:?--concurrency needs a value}"; shift 2 ;;
    --batch-size) batch_size="${2:?--batch-size needs a value}"; shift 2 ;;
    --only) only="${2:?--only needs a value}"; shift 2 ;;
    --otlp-rate) otlp_rate="${2:?--otlp-rate needs a value}"; shift 2 ;;
    --zipkin-version) zipkin_version="${2:?--zipkin-version needs a value}"; shift 2 ;;
    --out) out_dir="${2:?--out needs a value}"; shift 2 ;;
    --jfr) jfr=true; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench-ingest: unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$duration_s" =~ ^[1-9][0-9]*$ ]] || { echo "bench-ingest: --duration: $duration_s (expected: whole seconds > 0)" >&2; exit 2; }
[[ "$concurrency" =~ ^[1-9][0-9]*$ ]] || { echo "bench-ingest: --concurrency: $concurrency (expected: > 0)" >&2; exit 2; }
[[ "$batch_size" =~ ^[1-9][0-9]*$ ]] || { echo "bench-ingest: --batch-size: $batch_size (expected: > 0)" >&2; exit 2; }
[[ -z "$otlp_rate" || "$otlp_rate" =~ ^[1-9][0-9]*$ ]] || { echo "bench-ingest: --otlp-rate: $otlp_rate (expected: spans/s > 0)" >&2; exit 2; }
for run in ${only//,/ }; do
  case "$run" in otlp-max|otlp-80|zipkin-sightline|zipkin-server) ;;
    *) echo "bench-ingest: --only: unknown run '$run'" >&2; exit 2 ;; esac
done

java_bin="java"
if [[ -n "${JAVA_HOME:-}" ]]; then java_bin="$JAVA_HOME/bin/java"; fi
for tool in "$java_bin" python3 curl; do
  command -v "$tool" >/dev/null || { echo "bench-ingest: $tool not found" >&2; exit 2; }
done
[[ -r /proc/self/stat ]] || { echo "bench-ingest: needs Linux /proc" >&2; exit 2; }

if [[ -z "$out_dir" ]]; then out_dir="$(mktemp -d -t sightline-bench.XXXXXX)"; fi
mkdir -p "$out_dir"
out_dir="$(cd "$out_dir" && pwd)"
log() { echo "bench-ingest: $*" >&2; }

# --- every process this script starts is stopped on exit, whatever the exit path -------------
server_pid=""
data_dir=""
stop_server() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    # A clean shutdown flushes the store; past 30 s the server is killed.
    for _ in $(seq 1 60); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  server_pid=""
  if [[ -n "$data_dir" ]]; then rm -rf "$data_dir"; data_dir=""; fi
}
trap 'stop_server' EXIT
trap 'exit 130' INT TERM

# --- build what is missing or stale ------------------------------------------------------------
server_jar="server/target/sightline-server-0.1.0-SNAPSHOT.jar"
tracegen_jar="tracegen/target/sightline-tracegen-0.1.0-SNAPSHOT.jar"
stale() { # jar, then the directories whose sources it is built from
  local jar="$1"; shift
  [[ ! -f "$jar" || ! -d "$(dirname "$jar")/lib" ]] && return 0
  [[ -n "$(find "$@" pom.xml -type f \( -path '*/src/main/*' -o -name pom.xml \) -newer "$jar" -print -quit)" ]]
}
if stale "$server_jar" core storage-rocksdb collector query server \
    || stale "$tracegen_jar" tracegen; then
  log "building the server and tracegen jars ..."
  ./mvnw -B -ntp -q -o -DskipTests package -pl server,tracegen -am >&2 \
    || ./mvnw -B -ntp -q -DskipTests package -pl server,tracegen -am >&2
  # The jar plugin leaves an unchanged jar's time alone, which would make it look stale forever.
  touch "$server_jar" "$tracegen_jar"
fi

zipkin_jar="benchmarks/target/zipkin/zipkin-server-$zipkin_version-exec.jar"
if [[ ",$only," == *",zipkin-server,"* && ! -f "$zipkin_jar" ]]; then
  log "fetching io.zipkin:zipkin-server:$zipkin_version (exec jar) from Maven Central ..."
  fetch=(dependency:copy -N -Dartifact="io.zipkin:zipkin-server:$zipkin_version:jar:exec"
         -DoutputDirectory="$repo_root/benchmarks/target/zipkin")
  ./mvnw -B -ntp -q -o "${fetch[@]}" >&2 || ./mvnw -B -ntp -q "${fetch[@]}" >&2
fi

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

cpu_ticks() { # utime + stime of a process, in clock ticks; fields after the ")" of the name
  local stat; stat="$(cat "/proc/$1/stat")"; stat="${stat##*) }"
  # shellcheck disable=SC2086
  set -- $stat
  echo $(( ${12} + ${13} ))
}

peak_rss_kib() { awk '/^VmHWM:/ {print $2}' "/proc/$1/status"; }

wait_healthy() { # url, pid, log
  local url="$1" pid="$2" log_file="$3"
  for _ in $(seq 1 240); do
    if ! kill -0 "$pid" 2>/dev/null; then
      log "server exited during start; last lines of $log_file:"; tail -20 "$log_file" >&2; exit 1
    fi
    if curl -sf -o /dev/null --max-time 2 "$url"; then return 0; fi
    sleep 0.5
  done
  log "server not healthy after 120 s at $url; see $log_file"; exit 1
}

jfr_opts() { # run name
  if $jfr; then echo "-XX:StartFlightRecording=filename=$out_dir/$1.jfr,settings=profile,dumponexit=true"; fi
}

start_sightline() { # run name
  local run="$1" ports
  read -r -a ports <<<"$(free_ports 10)"
  data_dir="$(mktemp -d -t sightline-bench-data.XXXXXX)"
  sl_otlp_grpc="${ports[0]}"; sl_zipkin="${ports[6]}"; sl_admin="${ports[8]}"
  # UDP agent ports: TCP-free ports are very likely UDP-free too on a loopback-only run.
  # shellcheck disable=SC2046,SC2086
  "$java_bin" ${SERVER_JAVA_OPTS:-} $(jfr_opts "$run") -jar "$server_jar" \
    --data-dir "$data_dir" \
    --otlp-grpc-host-port "127.0.0.1:${ports[0]}" \
    --otlp-http-host-port "127.0.0.1:${ports[1]}" \
    --jaeger-grpc-host-port "127.0.0.1:${ports[2]}" \
    --jaeger-http-host-port "127.0.0.1:${ports[3]}" \
    --agent-compact-host-port "127.0.0.1:${ports[4]}" \
    --agent-binary-host-port "127.0.0.1:${ports[5]}" \
    --zipkin-host-port "127.0.0.1:${ports[6]}" \
    --query-http-host-port "127.0.0.1:${ports[7]}" \
    --admin-host-port "127.0.0.1:${ports[8]}" \
    --query-grpc-host-port "127.0.0.1:${ports[9]}" \
    ${SIGHTLINE_ARGS:-} \
    >"$out_dir/$run.server.log" 2>&1 &
  server_pid=$!
  wait_healthy "http://127.0.0.1:$sl_admin/" "$server_pid" "$out_dir/$run.server.log"
}

start_zipkin() { # run name
  local run="$1" port
  port="$(free_ports 1)"
  zk_port="$port"
  # In-memory storage, with room for every span of the run so nothing is evicted while measuring.
  # shellcheck disable=SC2046,SC2086
  STORAGE_TYPE=mem MEM_MAX_SPANS=20000000 SELF_TRACING_ENABLED=false \
    "$java_bin" ${SERVER_JAVA_OPTS:-} $(jfr_opts "$run") -jar "$zipkin_jar" \
    --armeria.ports[0].ip=127.0.0.1 --armeria.ports[0].port="$port" \
    --armeria.ports[0].protocols[0]=http \
    >"$out_dir/$run.server.log" 2>&1 &
  server_pid=$!
  wait_healthy "http://127.0.0.1:$port/health" "$server_pid" "$out_dir/$run.server.log"
}

# The runs' results, one line each: run protocol rate spans/s spans p50 p90 p99 max rejected failed cpu_s cores cpu_us_per_span rss_mib loadavg
summary="$out_dir/summary.tsv"
: >"$summary"

measure() { # run name, tracegen protocol, endpoint, rate (0 = unlimited)
  local run="$1" protocol="$2" endpoint="$3" rate="$4" ticks0 ticks1 hz load
  hz="$(getconf CLK_TCK)"
  load="$(cut -d' ' -f1-3 /proc/loadavg)"
  log "$run: loadavg before: $load; $protocol to $endpoint for ${duration_s}s, rate ${rate} (0 = unlimited)"
  ticks0="$(cpu_ticks "$server_pid")"
  # Bounded: the run's length, plus time to build the pool and for the last requests' timeouts.
  # --foreground keeps tracegen in this script's process group, so Ctrl-C reaches it at once.
  timeout --foreground --kill-after=10 "$((duration_s + 180))" \
    "$java_bin" -jar "$tracegen_jar" load --protocol "$protocol" --endpoint "$endpoint" \
      --duration "${duration_s}s" --rate "$rate" --concurrency "$concurrency" \
      --batch-size "$batch_size" --report-interval 10s --json \
      >"$out_dir/$run.json" 2>"$out_dir/$run.tracegen.log" \
    || log "$run: tracegen exited with status $? (failed requests count in the report)"
  ticks1="$(cpu_ticks "$server_pid")"
  local rss; rss="$(peak_rss_kib "$server_pid")"
  [[ -s "$out_dir/$run.json" ]] || { log "$run: no report; see $out_dir/$run.tracegen.log"; tail -5 "$out_dir/$run.tracegen.log" >&2; exit 1; }
  python3 - "$out_dir/$run.json" "$run" "$protocol" "$rate" "$ticks0" "$ticks1" "$hz" "$rss" "$load" \
    >>"$summary" <<'EOF'
import json, sys
path, run, protocol, rate, t0, t1, hz, rss, load = sys.argv[1:]
r = json.load(open(path))
cpu_s = (int(t1) - int(t0)) / int(hz)
# Cores busy over the sending time (the CPU time also covers tracegen's start, when the server idles).
send_s = r["elapsed_ms"] / 1000
lat = r["ack_latency_ms"]
print("\t".join(str(x) for x in [
    run, protocol, rate, "%.0f" % r["acknowledged_spans_per_second"], r["acknowledged_spans"],
    "%.2f" % lat["p50"], "%.2f" % lat["p90"], "%.2f" % lat["p99"], "%.2f" % lat["max"],
    r["rejected_spans"], r["failed_spans"], "%.1f" % cpu_s, "%.2f" % (cpu_s / send_s),
    "%.1f" % (cpu_s * 1e6 / r["acknowledged_spans"]) if r["acknowledged_spans"] else "-",
    "%.0f" % (int(rss) / 1024), load]))
EOF
  tail -1 "$summary" | awk -F'\t' '{printf "bench-ingest: %s: %s acknowledged spans/s, p50/p90/p99/max %s/%s/%s/%s ms, rejected %s, failed %s spans, server CPU %s s (%s cores, %s µs/span), peak RSS %s MiB\n", $1, $4, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15}' >&2
}

want() { [[ ",$only," == *",$1,"* ]]; }
rate_of() { awk -F'\t' -v run="$1" '$1 == run {print $4}' "$summary"; }

# --- the runs ----------------------------------------------------------------------------------
log "results in $out_dir"
if want otlp-max; then
  start_sightline otlp-max
  measure otlp-max otlp-grpc "http://127.0.0.1:$sl_otlp_grpc" 0
  stop_server
fi
if want otlp-80; then
  if [[ -z "$otlp_rate" ]]; then
    max="$(rate_of otlp-max)"
    [[ -n "$max" ]] || { log "otlp-80 needs the otlp-max run or --otlp-rate"; exit 2; }
    otlp_rate=$(( max * 8 / 10 ))
  fi
  start_sightline otlp-80
  measure otlp-80 otlp-grpc "http://127.0.0.1:$sl_otlp_grpc" "$otlp_rate"
  stop_server
fi
if want zipkin-sightline; then
  start_sightline zipkin-sightline
  measure zipkin-sightline zipkin-json "http://127.0.0.1:$sl_zipkin/api/v2/spans" 0
  stop_server
fi
if want zipkin-server; then
  start_zipkin zipkin-server
  measure zipkin-server zipkin-json "http://127.0.0.1:$zk_port/api/v2/spans" 0
  stop_server
fi

# --- summary -----------------------------------------------------------------------------------
{
  echo
  echo "Ingest benchmark, ${duration_s}s per run, ${concurrency} senders, ${batch_size} spans per request, $(nproc) CPUs"
  printf '%-17s %-12s %9s %11s %8s %8s %8s %8s %9s %7s %7s %6s %8s %8s  %s\n' \
    run protocol rate spans/s p50_ms p90_ms p99_ms max_ms rejected failed cpu_s cores us/span rss_MiB "loadavg before"
  while IFS=$'\t' read -r run protocol rate sps spans p50 p90 p99 max rej fail cpu cores us rss load; do
    printf '%-17s %-12s %9s %11s %8s %8s %8s %8s %9s %7s %7s %6s %8s %8s  %s\n' \
      "$run" "$protocol" "$rate" "$sps" "$p50" "$p90" "$p99" "$max" "$rej" "$fail" "$cpu" "$cores" "$us" "$rss" "$load"
  done <"$summary"
  sightline_zipkin="$(rate_of zipkin-sightline)"; zipkin_server="$(rate_of zipkin-server)"
  if [[ -n "$sightline_zipkin" && -n "$zipkin_server" && "$zipkin_server" != 0 ]]; then
    python3 -c "import sys; print('Zipkin JSON v2: Sightline acknowledges %.2fx the spans/s of Zipkin server $zipkin_version' % (int(sys.argv[1]) / int(sys.argv[2])))" \
      "$sightline_zipkin" "$zipkin_server"
  fi
  echo "Reports, server and tracegen logs: $out_dir"
} | tee "$out_dir/summary.txt"
