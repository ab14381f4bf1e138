#!/usr/bin/env bash
# Sends simulated microservice traces (frontend, customer, mysql, driver, redis, route) to
# Sightline, or to any OTLP receiver, with the OpenTelemetry Java SDK.
#
# Usage: scripts/generate-traffic.sh [tracegen options]
#   scripts/generate-traffic.sh                         # 100 traces to localhost:4317 (OTLP/gRPC)
#   scripts/generate-traffic.sh --protocol http         # to localhost:4318/v1/traces (OTLP/HTTP)
#   scripts/generate-traffic.sh --rate 50 --duration 5m --endpoint http://sightline:4317
#   scripts/generate-traffic.sh --help                  # every option
#   scripts/generate-traffic.sh load --protocol zipkin-json --duration 60s   # ingest benchmark
#   scripts/generate-traffic.sh load --help             # every option of the load generator
# Builds the tracegen jar first if it is missing or older than tracegen's sources.
# Exits non-zero if any span failed to export.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

jar="tracegen/target/sightline-tracegen-0.1.0-SNAPSHOT.jar"
# A stale jar would lack options the sources and the docs already describe.
if [[ ! -f "$jar" || ! -d tracegen/target/lib \
      || -n "$(find tracegen/src/main tracegen/pom.xml pom.xml -type f -newer "$jar" -print -quit)" ]]; then
  echo "generate-traffic: building $jar ..." >&2
  ./mvnw -q -DskipTests package -pl tracegen -am
fi

exec java -jar "$jar" "$@"
