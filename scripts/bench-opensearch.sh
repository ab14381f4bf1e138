#!/usr/bin/env bash
# Ingest into OpenSearch: Sightline against Zipkin server, both writing to the same single
# OpenSearch node, driven by the same client. One run:
#   1. starts one OpenSearch node (the Maven integ-test zip, single-node, no security plugin,
#      -Xms1g -Xmx1g, as nobody when run as root, since OpenSearch refuses root);
#   2. sightline-opensearch: Sightline all-in-one with SPAN_STORAGE_TYPE=opensearch, driven by
#      `tracegen load --protocol zipkin-json` (JSON v2) for --duration seconds;
#   3. zipkin-opensearch: Zipkin server's exec jar with STORAGE_TYPE=elasticsearch on the same node,
#      the same client and options for the same time.
# Each run reports what bench-ingest.sh reports (acknowledged spans/s, latency, rejected, failed,
# server CPU and peak RSS) plus the span documents actually in the node (`_count` after a
# `_refresh`) when the load ends, once the count stops growing (at most 60 s more) and after the
# server stopped, the server's own dropped-spans counter and OpenSearch's CPU during the load:
# Zipkin answers before it writes (asynchronous bulk), so acknowledged is not stored. The first
# run's indices are deleted before the second starts.
#
# Usage: scripts/bench-opensearch.sh [options]
#   --duration SECONDS      length of each run (default 30)
#   --concurrency N         tracegen senders, each with one request in flight (default 4)
#   --batch-size SPANS      spans per request (default 512)
#   --pool-batches N        distinct batches tracegen sends round-robin (default 512); documents
#                           are keyed by span, so once the pool wraps the count stops growing
#   --only LIST             comma-separated runs: sightline-opensearch,zipkin-opensearch (default both)
#   --zipkin-version V      io.zipkin:zipkin-server version (default 3.5.1)
#   --opensearch-version V  org.opensearch.distribution.integ-test-zip:opensearch version (default 2.19.6)
#   --opensearch-setting K=V  one more node setting (-EK=V), repeatable; Zipkin 3.5.1 needs
#                           http.compression=false (it cannot read the node's compressed answers)
#   --out DIR               where logs, JSON reports and the summary go (default: a new temp dir)
#   --jfr                   record a JFR profile of each server (DIR/<run>.jfr)
# Environment: SERVER_JAVA_OPTS, SIGHTLINE_ARGS, JAVA_HOME as for bench-ingest.sh.
# Needs: java 17+, python3, curl (Maven fetches and unpacks the node); setpriv when run as root. Linux only.
# Everything it starts is stopped, and the OpenSearch data deleted, on exit.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

duration_s=30
concurrency=4
batch_size=512
pool_batches=512
only="sightline-opensearch,zipkin-opensearch"
zipkin_version="3.5.1"
opensearch_version="2.19.6"
opensearch_settings=()
out_dir=""
jfr=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    --duration) duration_s="${2:?--duration needs a value}"; shift 2 ;;
    --concurrency) concurrency="${2:?--concurrency needs a value}"; shift 2 ;;
    --batch-size) batch_size="${2:?--batch-size needs a value}"; shift 2 ;;
    --pool-batches) pool_batches="${2:?--pool-batches needs a value}"; shift 2 ;;
    --only) only="${2:?--only needs a value}"; shift 2 ;;
    --zipkin-version) zipkin_version="${2:?--zipkin-version needs a value}"; shift 2 ;;
    --opensearch-version) opensearch_version="${2:?--opensearch-version needs a value}"; shift 2 ;;
    --opensearch-setting) opensearch_settings+=("-E${2:?--opensearch-setting needs KEY=VALUE}"); shift 2 ;;
    --out) out_dir="${2:?--out needs a value}"; shift 2 ;;
    --jfr) jfr=true; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench-opensearch: unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done
for pair in "duration:$duration_s" "concurrency:$concurrency" "batch-size:$batch_size" "pool-batches:$pool_batches"; do
  [[ "${pair#*:}" =~ ^[1-9][0-9]*$ ]] || { echo "bench-opensearch: --${pair%%:*}: ${pair#*:} (expected: a whole number > 0)" >&2; exit 2; }
done
for run in ${only//,/ }; do
  case "$run" in sightline-opensearch|zipkin-opensearch) ;;
    *) echo "bench-opensearch: --only: unknown run '$run'" >&2; exit 2 ;; esac
done

java_bin="java"
if [[ -n "${JAVA_HOME:-}" ]]; then java_bin="$JAVA_HOME/bin/java"; fi
for tool in "$java_bin" python3 curl; do
  command -v "$tool" >/dev/null || { echo "bench-opensearch: $tool not found" >&2; exit 2; }
done
[[ -r /proc/self/stat ]] || { echo "bench-opensearch: needs Linux /proc" >&2; exit 2; }
# OpenSearch runs on the same JDK (the integ-test zip bundles none).
java_home="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v "$java_bin")")")")}"

if [[ -z "$out_dir" ]]; then out_dir="$(mktemp -d -t sightline-bench-os.XXXXXX)"; fi
mkdir -p "$out_dir"
out_dir="$(cd "$out_dir" && pwd)"
bench_name="bench-opensearch"
log() { echo "$bench_name: $*" >&2; }
tracegen_extra_args="--pool-batches $pool_batches"
# shellcheck source=scripts/bench-common.sh
source "$repo_root/scripts/bench-common.sh"

# --- the OpenSearch node, stopped and its data deleted on exit --------------------------------
nobody=65534
os_pid=""
os_run=""
stop_opensearch() {
  if [[ -n "$os_pid" ]] && kill -0 "$os_pid" 2>/dev/null; then
    kill -TERM "$os_pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$os_pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$os_pid" 2>/dev/null || true
    wait "$os_pid" 2>/dev/null || true
  fi
  os_pid=""
  if [[ -n "$os_run" ]]; then rm -rf "$os_run"; os_run=""; fi
}
# The summary is printed on every exit, so a run that fails (say, Zipkin refusing the node) still
# leaves the other run's figures and the failure's log on screen.
trap 'keep_zipkin_health || true; stop_server; print_summary || true; stop_opensearch' EXIT
trap 'exit 130' INT TERM

build_jars
if [[ ",$only," == *",zipkin-opensearch,"* ]]; then fetch_zipkin; fi

os_home="$repo_root/benchmarks/target/opensearch/opensearch-$opensearch_version"
if [[ ! -f "$os_home/bin/opensearch" ]]; then
  log "fetching and unpacking org.opensearch.distribution.integ-test-zip:opensearch:$opensearch_version ..."
  unpack=(dependency:unpack -N
          -Dartifact="org.opensearch.distribution.integ-test-zip:opensearch:$opensearch_version:zip"
          -DoutputDirectory="$repo_root/benchmarks/target/opensearch")
  ./mvnw -B -ntp -q -o "${unpack[@]}" >&2 || ./mvnw -B -ntp -q "${unpack[@]}" >&2
fi

start_opensearch() {
  local ports runas=()
  read -r -a ports <<<"$(free_ports 2)"
  os_port="${ports[0]}"
  os_run="$(mktemp -d -t sightline-bench-opensearch-data.XXXXXX)"
  mkdir -p "$os_run/data" "$os_run/logs"
  if [[ "$(id -u)" == 0 ]]; then
    command -v setpriv >/dev/null || { log "running as root needs setpriv (OpenSearch refuses root)"; exit 2; }
    chown -R "$nobody:$nobody" "$os_home" "$os_run"
    runas=(setpriv --reuid="$nobody" --regid="$nobody" --clear-groups)
  fi
  # bin/opensearch execs the JVM, so $! is OpenSearch itself.
  OPENSEARCH_JAVA_HOME="$java_home" OPENSEARCH_JAVA_OPTS="-Xms1g -Xmx1g" \
    "${runas[@]}" bash "$os_home/bin/opensearch" \
      -Ediscovery.type=single-node -Enetwork.host=127.0.0.1 \
      -Ehttp.port="${ports[0]}" -Etransport.port="${ports[1]}" \
      -Epath.data="$os_run/data" -Epath.logs="$os_run/logs" \
      -Ecluster.name=sightline-bench -Ecluster.routing.allocation.disk.threshold_enabled=false \
      ${opensearch_settings[@]+"${opensearch_settings[@]}"} \
      >"$out_dir/opensearch.log" 2>&1 &
  os_pid=$!
  os_url="http://127.0.0.1:$os_port"
  wait_healthy "$os_url/_cluster/health?wait_for_status=yellow&timeout=1s" "$os_pid" "$out_dir/opensearch.log"
  log "OpenSearch $(curl -sf "$os_url" | python3 -c 'import json,sys; print(json.load(sys.stdin)["version"]["number"])') at $os_url (pid $os_pid)"
}

span_docs() { # index pattern: span documents in the node after a refresh (0 when none match)
  curl -sf -o /dev/null -X POST "$os_url/$1/_refresh?ignore_unavailable=true&allow_no_indices=true" || true
  curl -sf "$os_url/$1/_count?ignore_unavailable=true&allow_no_indices=true" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["count"])'
}

# The runs' results (see measure), and per run: run, index pattern, docs at the end of the load, docs after stop.
summary="$out_dir/summary.tsv"
docs="$out_dir/docs.tsv"
: >"$summary"
: >"$docs"
want() { [[ ",$only," == *",$1,"* ]]; }

# Zipkin started but its storage check never passed: keep its /health answer, which names the cause.
zk_port=""
keep_zipkin_health() {
  [[ -n "$zk_port" && -n "$server_pid" ]] || return 0
  grep -q '^zipkin-opensearch' "$docs" 2>/dev/null && return 0
  curl -s --max-time 5 "http://127.0.0.1:$zk_port/health" >"$out_dir/zipkin-opensearch.health.json" || true
}

# --- summary (printed by the EXIT trap) --------------------------------------------------------
print_summary() {
  [[ -n "${summary:-}" && -f "$summary" ]] || return 0
  {
    echo
  echo "OpenSearch $opensearch_version ingest (node settings: ${opensearch_settings[*]:-defaults}), ${duration_s}s per run, ${concurrency} senders, ${batch_size} spans per request, pool of $((pool_batches * batch_size)) distinct spans, $(nproc) CPUs"
  printf '%-21s %11s %10s %9s %7s %8s %8s %7s %6s %8s %8s %11s %12s %12s %9s %9s  %s\n' \
    run spans/s acked p50_ms p99_ms rejected failed cpu_s cores us/span rss_MiB docs_at_end docs_settled docs_stopped dropped os_cpu_s "loadavg before"
  while IFS=$'\t' read -r run protocol rate sps spans p50 p90 p99 max rej fail cpu cores us rss load _gen_us; do
    at_end=""; settled=""; after_stop=""; dropped=""; os_cpu=""
    read -r _ _ at_end settled after_stop dropped os_cpu < <(awk -F'\t' -v run="$run" '$1 == run' "$docs") || true
    printf '%-21s %11s %10s %9s %7s %8s %8s %7s %6s %8s %8s %11s %12s %12s %9s %9s  %s\n' \
      "$run" "$sps" "$spans" "$p50" "$p99" "$rej" "$fail" "$cpu" "$cores" "$us" "$rss" "${at_end:--}" "${settled:--}" "${after_stop:--}" "${dropped:--}" "${os_cpu:--}" "$load"
  done <"$summary"
  echo "Reports, server, OpenSearch and tracegen logs: $out_dir"
} | tee "$out_dir/summary.txt"
}

run_against_opensearch() { # run name, span index pattern, endpoint, the run's indices, metrics URL, its dropped-spans metric
  local run="$1" pattern="$2" at_end settled after_stop previous dropped os_ticks0 os_ticks1 os_cpu_s
  os_ticks0="$(cpu_ticks "$os_pid")"
  measure "$run" zipkin-json "$3" 0
  os_ticks1="$(cpu_ticks "$os_pid")"
  # OpenSearch's CPU over the same window as the server's (tracegen's start included).
  os_cpu_s="$(awk -v t="$((os_ticks1 - os_ticks0))" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.1f", t / hz}')"
  at_end="$(span_docs "$pattern")"
  # Writes still queued in the server when the load ended: wait while the count grows (5 s
  # apart, at most 60 s), so an asynchronous writer gets the time to catch up before it stops.
  settled="$at_end"; previous=-1
  for _ in $(seq 1 12); do
    [[ "$settled" == "$previous" ]] && break
    previous="$settled"; sleep 5; settled="$(span_docs "$pattern")"
  done
  dropped="$(curl -sf --max-time 5 "$5" | awk -v name="$6" 'index($1, name) == 1 {sum += $2} END {printf "%.0f", sum}' || true)"
  stop_server
  after_stop="$(span_docs "$pattern")"
  log "$run: span documents in $pattern: $at_end when the load ended, $settled once settled, $after_stop after the server stopped; $6: ${dropped:--}; OpenSearch CPU ${os_cpu_s} s"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$run" "$pattern" "$at_end" "$settled" "$after_stop" "${dropped:--}" "$os_cpu_s" >>"$docs"
  # The next run starts on an empty node.
  curl -sf -o /dev/null -X DELETE "$os_url/$4?ignore_unavailable=true&allow_no_indices=true" || true
}

# --- the runs ----------------------------------------------------------------------------------
log "results in $out_dir"
start_opensearch
if want sightline-opensearch; then
  SPAN_STORAGE_TYPE=opensearch ES_SERVER_URLS="$os_url" start_sightline sightline-opensearch
  run_against_opensearch sightline-opensearch "jaeger-span-*" "http://127.0.0.1:$sl_zipkin/api/v2/spans" "jaeger-*" \
    "http://127.0.0.1:$sl_admin/metrics" jaeger_collector_spans_dropped_total
fi
if want zipkin-opensearch; then
  # wait_healthy ends the script with Zipkin's log tail if its storage check never passes.
  start_zipkin zipkin-opensearch STORAGE_TYPE=elasticsearch ES_HOSTS="$os_url"
  run_against_opensearch zipkin-opensearch "zipkin*span-*" "http://127.0.0.1:$zk_port/api/v2/spans" "zipkin*" \
    "http://127.0.0.1:$zk_port/prometheus" zipkin_collector_spans_dropped_total
fi
