#!/usr/bin/env bash
# A/B of two gateway builds side by side (docs/benchmarks.md, "What each change bought"). One mock upstream, two
# gateways A and B on the same machine at the same time, so machine noise hits both alike. Both are warmed with
# alternating rounds, then measured in the order A B B A, ROUNDS times. Per round: wrk's requests/s and p99, and the
# gateway's CPU per request (utime + stime from /proc/<pid>/stat over the round / requests served). Prints medians.
#
# Usage:  scripts/bench/ab.sh <jar-A> <jar-B> [upstream|full]
#   upstream  embedded default (dev key, in-memory buckets), provider type openai -> the mock upstream
#   full      API key in Postgres, Redis token buckets (one schema and key prefix per gateway), and Kafka usage
#             events when SLUICE_BENCH_KAFKA is set (e.g. 127.0.0.1:9092 from scripts/kafka-local.sh start)
# Knobs: ROUNDS (3), WARM (8 pairs), SECONDS_PER_ROUND (10), CONNECTIONS (64), BASE_PORT (38080), JVM_A / JVM_B
#   (extra JVM options for one side, e.g. a property to switch a feature off, or -XX:+UseZGC instead of G1),
#   OUT (a directory for logs).
# Build a jar of the current tree with:
#   rm -f gateway/target/sluice-gateway*.jar*; ./mvnw -q -B -pl gateway,load-tests -am package \
#     dependency:build-classpath -DskipTests -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
#   cp gateway/target/sluice-gateway.jar /tmp/gw-B.jar
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
JAR_A=$(realpath "${1:?jar A}"); JAR_B=$(realpath "${2:?jar B}"); MODE="${3:-upstream}"
export JAVA_HOME="${JAVA_HOME_25:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JAVA="$JAVA_HOME/bin/java"
ROUNDS="${ROUNDS:-3}"; WARM="${WARM:-8}"; SECS="${SECONDS_PER_ROUND:-10}"; CONNS="${CONNECTIONS:-64}"
BASE_PORT="${BASE_PORT:-38080}"
P_UP=$((BASE_PORT + 9)); P_A=$((BASE_PORT + 2)); P_B=$((BASE_PORT + 3))
OUT="${OUT:-$ROOT/load-tests/target/ab/$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$OUT"
KAFKA="${SLUICE_BENCH_KAFKA:-}"
log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" | tee -a "$OUT/ab.log" >&2; }
[[ -s "$ROOT/load-tests/target/classpath.txt" ]] || { echo "build load-tests first (see the header)" >&2; exit 1; }
LOAD_CP="$ROOT/load-tests/target/classes:$(cat "$ROOT/load-tests/target/classpath.txt")"
JVM_COMMON=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -Xms512m -Xmx512m)

PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
wait_http() { local d=$((SECONDS + $2)); until curl -s -o /dev/null "$1"; do ((SECONDS < d)) || { log "timeout $1"; exit 1; }; sleep 0.5; done; }

"$JAVA" -Xms256m -Xmx512m "${JVM_COMMON[@]:0:2}" -XX:+UseG1GC -cp "$LOAD_CP" dev.sluice.mock.MockUpstreamServer \
  --host 127.0.0.1 --port "$P_UP" --tokens 16 --delay-ms 0 --ttft-ms 0 >"$OUT/mock.log" 2>&1 &
PIDS+=($!)

STAMP=$(date +%s)
ADMIN_TOKEN="ab-admin-$RANDOM$RANDOM"
gateway() { # side port jar jvm-options
  local side=$1 port=$2 jar=$3 yaml="$OUT/gw-$1.yaml"
  cat >"$yaml" <<EOF
server:
  port: $port
sluice:
  providers:
    up: { type: openai, base-url: "http://127.0.0.1:$P_UP/v1", max-connections: 2000 }
  models:
    fast: { provider: up, upstream-model: gpt-4o-mini }
EOF
  if [[ $MODE == full ]]; then
    cat >>"$yaml" <<EOF
  policy:
    redis-url: "redis://127.0.0.1:6379"
    redis-key-prefix: "ab-$side-$STAMP"
    postgres-url: "r2dbc:postgresql://127.0.0.1:5432/test"
    postgres-schema: sluice_ab_$side
    admin: { token: "$ADMIN_TOKEN" }
EOF
    [[ -n "$KAFKA" ]] && printf '  usage:\n    kafka:\n      bootstrap-servers: "%s"\n' "$KAFKA" >>"$yaml"
  fi
  local gc=-XX:+UseG1GC # unless the side's options choose a collector (e.g. JVM_B="-XX:+UseZGC")
  [[ "$4" == *-XX:+Use*GC* ]] && gc=""
  # shellcheck disable=SC2086
  "$JAVA" "${JVM_COMMON[@]}" $gc $4 -jar "$jar" --spring.config.additional-location="file:$yaml" >"$OUT/gw-$side.log" 2>&1 &
  PIDS+=($!); eval "PID_$side=$!"
}
gateway a "$P_A" "$JAR_A" "${JVM_A:-}"
gateway b "$P_B" "$JAR_B" "${JVM_B:-}"
wait_http "http://127.0.0.1:$P_UP/v1/models" 60
wait_http "http://127.0.0.1:$P_A/health" 120
wait_http "http://127.0.0.1:$P_B/health" 120

auth() { # port -> Authorization header value
  if [[ $MODE != full ]]; then echo "Bearer sk-sluice-dev-00000000000000000000000000000000"; return; fi
  local admin=(-sf -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/json')
  local tenant="ab-$STAMP" base="http://127.0.0.1:$1/admin/v1"
  curl "${admin[@]}" -X POST "$base/tenants" -d "{\"id\":\"$tenant\",\"name\":\"ab\"}" >/dev/null
  local k; k=$(curl "${admin[@]}" -X POST "$base/keys" -d "{\"tenantId\":\"$tenant\"}")
  curl "${admin[@]}" -X POST "$base/policies" -d "{\"scope\":\"KEY\",\"subject\":\"$(jq -r .id <<<"$k")\",\"tenantId\":\"$tenant\",\"limits\":{\"requestsPerMinute\":100000000}}" >/dev/null
  echo "Bearer $(jq -r .key <<<"$k")"
}
AUTH_a=$(auth "$P_A"); AUTH_b=$(auth "$P_B")
cat >"$OUT/post.lua" <<'EOF'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = os.getenv("AB_AUTH")
wrk.body = '{"model":"fast","messages":[{"role":"user","content":"Tell me a joke about load tests"}]}'
done = function(summary, latency, requests)
  io.write(string.format("AB %d %.3f %d %.3f\n", summary.requests, summary.duration / 1e6,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(99) / 1000))
end
EOF
ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }
HZ=$(getconf CLK_TCK)
round() { # side label -> appends "label rps cpu_ms_per_req p99_ms errors"
  local side=$1 pid port auth; eval "pid=\$PID_$side; auth=\$AUTH_$side"; port=$([[ $side == a ]] && echo "$P_A" || echo "$P_B")
  local t0; t0=$(ticks "$pid")
  local line; line=$(AB_AUTH="$auth" wrk -t2 -c"$CONNS" -d"${SECS}s" --timeout 10s -s "$OUT/post.lua" \
    "http://127.0.0.1:$port/v1/chat/completions" | grep '^AB ')
  local t1; t1=$(ticks "$pid")
  read -r _ req dur err p99 <<<"$line"
  awk -v l="$2" -v r="$req" -v d="$dur" -v e="$err" -v p="$p99" -v c=$((t1 - t0)) -v hz="$HZ" \
    'BEGIN { printf "%s %.0f %.4f %.2f %d\n", l, r / d, (c / hz * 1000) / r, p, e }' | tee -a "$OUT/rounds.txt"
}
log "mode $MODE, A=$JAR_A B=$JAR_B; load $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq "$WARM"); do round a warm-a >/dev/null; round b warm-b >/dev/null; done
log "warm: last A $(grep warm-a "$OUT/rounds.txt" | tail -1), last B $(grep warm-b "$OUT/rounds.txt" | tail -1)"
for i in $(seq "$ROUNDS"); do round a A; round b B; round b B; round a A; done
log "load $(cut -d' ' -f1-3 /proc/loadavg)"
for side in A B; do
  grep "^$side " "$OUT/rounds.txt" | awk -v s="$side" '
    { r[NR] = $2; c[NR] = $3; p[NR] = $4; e += $5 }
    function med(a, n,   i, j, t) { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
      return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
    END { printf "%s median of %d rounds: %.0f req/s, %.4f ms CPU/request, p99 %.2f ms, %d errors\n", s, NR, med(r, NR), med(c, NR), med(p, NR), e }'
done | tee -a "$OUT/ab.log"
