# Shared by the benchmark scripts (bench-ingest.sh, bench-opensearch.sh); sourced, not run.
# The caller sets: repo_root (and cd's there), bench_name, java_bin, out_dir, jfr (true/false),
# duration_s, concurrency, batch_size, zipkin_version, summary, and defines log(); optionally
# tracegen_extra_args (more `tracegen load` flags for every run) and warmup_s (tracegen's
# --warmup in seconds: the same load before each measured run, not counted; default 0).

# --- the one server under measurement; the caller traps EXIT to stop_server --------------------
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

# --- build what is missing or stale ------------------------------------------------------------
server_jar="server/target/sightline-server-0.1.0-SNAPSHOT.jar"
tracegen_jar="tracegen/target/sightline-tracegen-0.1.0-SNAPSHOT.jar"
stale() { # jar, then the directories whose sources it is built from
  local jar="$1"; shift
  [[ ! -f "$jar" || ! -d "$(dirname "$jar")/lib" ]] && return 0
  [[ -n "$(find "$@" pom.xml -type f \( -path '*/src/main/*' -o -name pom.xml \) -newer "$jar" -print -quit)" ]]
}
build_jars() {
  if stale "$server_jar" core storage-rocksdb storage-opensearch kafka collector query server \
    || stale "$tracegen_jar" tracegen; then
  log "building the server and tracegen jars ..."
  ./mvnw -B -ntp -q -o -DskipTests package -pl server,tracegen -am >&2 \
    || ./mvnw -B -ntp -q -DskipTests package -pl server,tracegen -am >&2
  # The jar plugin leaves an unchanged jar's time alone, which would make it look stale forever.
  touch "$server_jar" "$tracegen_jar"
  fi
}

zipkin_jar="benchmarks/target/zipkin/zipkin-server-$zipkin_version-exec.jar"
fetch_zipkin() {
  [[ -f "$zipkin_jar" ]] && return 0
  log "fetching io.zipkin:zipkin-server:$zipkin_version (exec jar) from Maven Central ..."
  fetch=(dependency:copy -N -Dartifact="io.zipkin:zipkin-server:$zipkin_version:jar:exec"
         -DoutputDirectory="$repo_root/benchmarks/target/zipkin")
  ./mvnw -B -ntp -q -o "${fetch[@]}" >&2 || ./mvnw -B -ntp -q "${fetch[@]}" >&2
}

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
  # SIGHTLINE_ARGS is this script's, not a setting: the server refuses unknown SIGHTLINE_* variables.
  env -u SIGHTLINE_ARGS "$java_bin" ${SERVER_JAVA_OPTS:-} $(jfr_opts "$run") -jar "$server_jar" \
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

start_zipkin() { # run name, then the storage's VAR=value settings
  local run="$1" port; shift
  local storage=("$@")
  # Default: in-memory, with room for every span of the run so nothing is evicted while measuring.
  [[ ${#storage[@]} -gt 0 ]] || storage=(STORAGE_TYPE=mem MEM_MAX_SPANS=20000000)
  port="$(free_ports 1)"
  zk_port="$port"
  # shellcheck disable=SC2046,SC2086
  env "${storage[@]}" SELF_TRACING_ENABLED=false \
    "$java_bin" ${SERVER_JAVA_OPTS:-} $(jfr_opts "$run") -jar "$zipkin_jar" \
    --armeria.ports[0].ip=127.0.0.1 --armeria.ports[0].port="$port" \
    --armeria.ports[0].protocols[0]=http \
    >"$out_dir/$run.server.log" 2>&1 &
  server_pid=$!
  wait_healthy "http://127.0.0.1:$port/health" "$server_pid" "$out_dir/$run.server.log"
}

# measure appends one line per run to $summary (the caller creates it): run protocol rate spans/s
# spans p50 p90 p99 max rejected failed cpu_s cores cpu_us_per_span rss_mib loadavg
measure() { # run name, tracegen protocol, endpoint, rate (0 = unlimited)
  local run="$1" protocol="$2" endpoint="$3" rate="$4" ticks0 ticks1 hz load
  hz="$(getconf CLK_TCK)"
  load="$(cut -d' ' -f1-3 /proc/loadavg)"
  log "$run: loadavg before: $load; $protocol to $endpoint for ${duration_s}s, rate ${rate} (0 = unlimited)"
  # tracegen warms up first (--warmup: the same load, over the same connections, not counted);
  # the server's CPU is read once that is over, so both figures cover the measured run only.
  local warmup="${warmup_s:-0}" tracegen_pid
  # Bounded: warm-up and run, plus time to build the pool and for the last requests' timeouts.
  # --foreground keeps tracegen in this script's process group, so Ctrl-C reaches it at once.
  # shellcheck disable=SC2086
  timeout --foreground --kill-after=10 "$((warmup + duration_s + 180))" \
    "$java_bin" -jar "$tracegen_jar" load --protocol "$protocol" --endpoint "$endpoint" \
      --warmup "${warmup}s" --duration "${duration_s}s" --rate "$rate" --concurrency "$concurrency" \
      --batch-size "$batch_size" --report-interval 10s --json ${tracegen_extra_args:-} \
      >"$out_dir/$run.json" 2>"$out_dir/$run.tracegen.log" &
  tracegen_pid=$!
  if [[ "$warmup" -gt 0 ]]; then
    while kill -0 "$tracegen_pid" 2>/dev/null && ! grep -q "warm-up total" "$out_dir/$run.tracegen.log"; do
      sleep 0.2
    done
  fi
  ticks0="$(cpu_ticks "$server_pid")"
  wait "$tracegen_pid" || log "$run: tracegen exited with status $? (failed requests count in the report)"
  ticks1="$(cpu_ticks "$server_pid")"
  local rss; rss="$(peak_rss_kib "$server_pid")"
  [[ -s "$out_dir/$run.json" ]] || { log "$run: no report; see $out_dir/$run.tracegen.log"; tail -5 "$out_dir/$run.tracegen.log" >&2; exit 1; }
  python3 - "$out_dir/$run.json" "$run" "$protocol" "$rate" "$ticks0" "$ticks1" "$hz" "$rss" "$load" \
    >>"$summary" <<'EOF'
import json, sys
path, run, protocol, rate, t0, t1, hz, rss, load = sys.argv[1:]
r = json.load(open(path))
cpu_s = (int(t1) - int(t0)) / int(hz)
# Cores busy over the sending time (without a warm-up the CPU time also covers tracegen's start).
send_s = r["elapsed_ms"] / 1000
lat = r["ack_latency_ms"]
def tracegen_us_per_span(report, spans):
    # tracegen's own CPU over the measured run (it shares the machine); "-" when unknown.
    cpu_ms = report.get("generator_cpu_ms")
    return "%.1f" % (cpu_ms * 1e3 / spans) if cpu_ms and spans else "-"
print("\t".join(str(x) for x in [
    run, protocol, rate, "%.0f" % r["acknowledged_spans_per_second"], r["acknowledged_spans"],
    "%.2f" % lat["p50"], "%.2f" % lat["p90"], "%.2f" % lat["p99"], "%.2f" % lat["max"],
    r["rejected_spans"], r["failed_spans"], "%.1f" % cpu_s, "%.2f" % (cpu_s / send_s),
    "%.1f" % (cpu_s * 1e6 / r["acknowledged_spans"]) if r["acknowledged_spans"] else "-",
    "%.0f" % (int(rss) / 1024), load, tracegen_us_per_span(r, r["acknowledged_spans"])]))
EOF
  tail -1 "$summary" | awk -F'\t' '{printf "'"$bench_name"': %s: %s acknowledged spans/s, p50/p90/p99/max %s/%s/%s/%s ms, rejected %s, failed %s spans, server CPU %s s (%s cores, %s µs/span), peak RSS %s MiB\n", $1, $4, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15}' >&2
}
