#!/usr/bin/env bash
# End-to-end ingest benchmark: Sightline, and Zipkin server for comparison, each started fresh on
# loopback ports, driven by `tracegen load` for a fixed time. Four runs, one after the other:
#   1. OTLP/gRPC into Sightline as fast as it acknowledges (the measured maximum);
#   2. OTLP/gRPC into Sightline at 80% of that maximum (should see no rejected span);
#   3. Zipkin JSON v2 into Sightline as fast as it acknowledges;
#   4. Zipkin JSON v2 into Zipkin server (in-memory storage) as fast as it acknowledges.
# Each run reports acknowledged spans/s, ack latency percentiles, rejected and failed spans, the
# server's CPU time over the run, after its warm-up (utime+stime from /proc/<pid>/stat) and its
# peak RSS (VmHWM);
# the end prints a table and Sightline's Zipkin JSON rate as a multiple of Zipkin's.
#
# Usage: scripts/bench-ingest.sh [options]
#   --duration SECONDS      length of each run (default 60)
#   --warmup SECONDS        the same load before each measured run, not counted (default 60): the
#                           measured run sees a server whose JIT has compiled its hot paths (the
#                           rate climbs for about a minute after start-up; docs/benchmarks.md)
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
warmup_s=60
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
    --warmup) warmup_s="${2:?--warmup needs a value}"; shift 2 ;;
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
[[ "$warmup_s" =~ ^[0-9]+$ ]] || { echo "bench-ingest: --warmup: $warmup_s (expected: whole seconds >= 0)" >&2; exit 2; }
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
bench_name="bench-ingest"
log() { echo "$bench_name: $*" >&2; }
# shellcheck source=scripts/bench-common.sh
source "$repo_root/scripts/bench-common.sh"
trap 'stop_server' EXIT
trap 'exit 130' INT TERM

build_jars
if [[ ",$only," == *",zipkin-server,"* ]]; then fetch_zipkin; fi

# The runs' results, one line each (see measure).
summary="$out_dir/summary.tsv"
: >"$summary"

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
  echo "Ingest benchmark, ${duration_s}s per run after ${warmup_s}s of warm-up, ${concurrency} senders, ${batch_size} spans per request, $(nproc) CPUs"
  printf '%-17s %-12s %9s %11s %8s %8s %8s %8s %9s %7s %7s %6s %8s %8s %9s  %s\n' \
    run protocol rate spans/s p50_ms p90_ms p99_ms max_ms rejected failed cpu_s cores us/span rss_MiB gen_us/span "loadavg before"
  while IFS=$'\t' read -r run protocol rate sps spans p50 p90 p99 max rej fail cpu cores us rss load gen_us; do
    printf '%-17s %-12s %9s %11s %8s %8s %8s %8s %9s %7s %7s %6s %8s %8s %9s  %s\n' \
      "$run" "$protocol" "$rate" "$sps" "$p50" "$p90" "$p99" "$max" "$rej" "$fail" "$cpu" "$cores" "$us" "$rss" "${gen_us:--}" "$load"
  done <"$summary"
  sightline_zipkin="$(rate_of zipkin-sightline)"; zipkin_server="$(rate_of zipkin-server)"
  if [[ -n "$sightline_zipkin" && -n "$zipkin_server" && "$zipkin_server" != 0 ]]; then
    python3 -c "import sys; print('Zipkin JSON v2: Sightline acknowledges %.2fx the spans/s of Zipkin server $zipkin_version' % (int(sys.argv[1]) / int(sys.argv[2])))" \
      "$sightline_zipkin" "$zipkin_server"
  fi
  echo "Reports, server and tracegen logs: $out_dir"
} | tee "$out_dir/summary.txt"
