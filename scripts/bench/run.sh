#!/usr/bin/env bash
# Side-by-side benchmark of Sluice (docs/benchmarks.md). One run, one machine, traffic on 127.0.0.1 only:
#   direct      the mock upstream server itself
#   nginx       Debian's nginx as a plain reverse proxy to it (keepalive upstream, proxy_buffering off)
#   gw-upstream the gateway, embedded default (dev key, in-memory buckets), provider type openai -> mock upstream
#   gw-inproc   the same gateway process, alias served by its built-in (in-process) mock provider
#   gw-full     a second gateway: API key in Postgres, Redis token buckets (Kafka usage events when available)
#
# Usage:  scripts/bench/run.sh                        # the default run (about 30 minutes)
#         SCENARIOS=soak SOAK_SECONDS=1800 scripts/bench/run.sh   # the 30-minute soak
# Knobs (environment): SCENARIOS, CONCURRENCY, SECONDS_PER_RUN, WARMUP_MAX_ROUNDS, STREAM_CONCURRENCY, STREAM_SECONDS,
#   WARMUP_MIN_ROUNDS, HOLD_STREAMS, HOLD_TOKENS, HOLD_DELAY_MS, HOLD_RAMP_SECONDS, SOAK_SECONDS, SOAK_STREAMS, SOAK_CONNECTIONS, LEAK_SECONDS, BASE_PORT, SKIP_BUILD, WRITE_DOCS.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
export JAVA_HOME="${JAVA_HOME_25:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JAVA="$JAVA_HOME/bin/java"
JCMD="$JAVA_HOME/bin/jcmd"

SCENARIOS="${SCENARIOS:-nonstream stream ratelimit hold soak leak}"
CONCURRENCY="${CONCURRENCY:-4 16 64 256}"
SECONDS_PER_RUN="${SECONDS_PER_RUN:-10}"
STREAM_CONCURRENCY="${STREAM_CONCURRENCY:-64 256}"
STREAM_SECONDS="${STREAM_SECONDS:-20}"
HOLD_STREAMS="${HOLD_STREAMS:-10000}"
HOLD_TOKENS="${HOLD_TOKENS:-10}"
HOLD_DELAY_MS="${HOLD_DELAY_MS:-3000}"
HOLD_RAMP_SECONDS="${HOLD_RAMP_SECONDS:-20}"
SOAK_SECONDS="${SOAK_SECONDS:-120}"
SOAK_STREAMS="${SOAK_STREAMS:-64}"          # paced streams held during the soak
SOAK_CONNECTIONS="${SOAK_CONNECTIONS:-16}"  # wrk connections (non-streaming) during the soak
LEAK_SECONDS="${LEAK_SECONDS:-40}"
WARMUP_MAX_ROUNDS="${WARMUP_MAX_ROUNDS:-20}"
WARMUP_MIN_ROUNDS="${WARMUP_MIN_ROUNDS:-12}"
STREAM_WARMUP_SECONDS="${STREAM_WARMUP_SECONDS:-5}"
BASE_PORT="${BASE_PORT:-28080}"
WRITE_DOCS="${WRITE_DOCS:-1}"
REDIS_URL="${SLUICE_BENCH_REDIS_URL:-redis://127.0.0.1:6379}"
POSTGRES_URL="${SLUICE_BENCH_POSTGRES_URL:-r2dbc:postgresql://127.0.0.1:5432/test}"
KAFKA="${SLUICE_BENCH_KAFKA:-}"

P_GW=$((BASE_PORT + 1)); P_GWF=$((BASE_PORT + 2)); P_GWL=$((BASE_PORT + 3))
P_SLOW=$((BASE_PORT + 7)); P_PACED=$((BASE_PORT + 8)); P_FAST=$((BASE_PORT + 9))
P_NG_FAST=$((BASE_PORT + 10)); P_NG_PACED=$((BASE_PORT + 11)); P_NG_SLOW=$((BASE_PORT + 12))

STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
OUT="$ROOT/load-tests/target/bench/$STAMP"
mkdir -p "$OUT"
RESULTS="$OUT/results.jsonl"
: > "$RESULTS"
log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" | tee -a "$OUT/run.log" >&2; }

DEV_KEY="Bearer sk-sluice-dev-00000000000000000000000000000000"
BODY='{"model":"MODEL","messages":[{"role":"user","content":"Tell me a joke about load tests"}]}'
STREAM_BODY='{"model":"MODEL","stream":true,"messages":[{"role":"user","content":"Tell me a joke about load tests"}]}'
body() { printf '%s' "${1/MODEL/$2}"; }

# ---------------------------------------------------------------- limits, build
ulimit -n 200000 2>/dev/null || ulimit -n "$(ulimit -Hn)"
NOFILE=$(ulimit -n)
# 10,000 streams through the gateway to an upstream take 2 descriptors each in one process: stay under the limit.
HOLD_UPSTREAM_STREAMS="${HOLD_UPSTREAM_STREAMS:-$(( HOLD_STREAMS * 2 + 1000 < NOFILE ? HOLD_STREAMS : (NOFILE - 1000) / 2 ))}"
log "open files limit $(ulimit -n); $(uptime)"
for tool in nginx wrk jq curl python3; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install -y nginx wrk jq curl python3-matplotlib" >&2; exit 1; }
done
if [[ -z "${SKIP_BUILD:-}" ]]; then
  log "building gateway and load-tests"
  # an incremental package re-repackages an already repackaged jar (Start-Class becomes JarLauncher): start clean
  rm -f gateway/target/sluice-gateway*.jar gateway/target/sluice-gateway*.jar.original
  ./mvnw -q -B -pl gateway,load-tests -am package dependency:build-classpath -DskipTests \
    -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime >"$OUT/build.log" 2>&1
fi
LOAD_CP="$ROOT/load-tests/target/classes:$(cat load-tests/target/classpath.txt)"
# The executable jar whose Start-Class is the application (an exec jar built from an already repackaged jar names
# JarLauncher itself and overflows its stack at start).
GATEWAY_JAR=""
for jar in "$ROOT/gateway/target/sluice-gateway-exec.jar" "$ROOT/gateway/target/sluice-gateway.jar"; do
  if [[ -f "$jar" ]] && unzip -p "$jar" META-INF/MANIFEST.MF | grep -q 'Start-Class: dev.sluice.gateway'; then GATEWAY_JAR=$jar; break; fi
done
[[ -n "$GATEWAY_JAR" ]] || { echo "no runnable gateway jar under gateway/target" >&2; exit 1; }
JVM_COMMON=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -XX:+UseG1GC)

# ---------------------------------------------------------------- processes (stopped by PID on exit)
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  sleep 2
  for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

port_free() { ! ss -ltn "sport = :$1" | grep -q LISTEN; }
wait_http() { # url seconds
  local deadline=$((SECONDS + $2))
  until curl -s -o /dev/null "$1"; do
    ((SECONDS < deadline)) || { log "timed out waiting for $1"; exit 1; }
    sleep 0.5
  done
}

start_mock() { # name port tokens delay_ms
  port_free "$2" || { log "port $2 busy; set BASE_PORT"; exit 1; }
  "$JAVA" -Xms256m -Xmx768m "${JVM_COMMON[@]}" -cp "$LOAD_CP" dev.sluice.mock.MockUpstreamServer \
    --host 127.0.0.1 --port "$2" --tokens "$3" --delay-ms "$4" --ttft-ms 0 >"$OUT/mock-$1.log" 2>&1 &
  PIDS+=($!); eval "PID_MOCK_$1=$!"
}

start_nginx() {
  mkdir -p "$OUT/nginx/logs" "$OUT/nginx/tmp"
  local proxy='proxy_http_version 1.1; proxy_set_header Connection ""; proxy_buffering off; proxy_request_buffering off;'
  cat >"$OUT/nginx/nginx.conf" <<EOF
worker_processes auto;
worker_rlimit_nofile 100000;
pid $OUT/nginx/nginx.pid;
error_log $OUT/nginx/logs/error.log warn;
events { worker_connections 50000; multi_accept on; }
http {
  access_log off;
  client_body_temp_path $OUT/nginx/tmp/body; proxy_temp_path $OUT/nginx/tmp/proxy;
  fastcgi_temp_path $OUT/nginx/tmp/fcgi; uwsgi_temp_path $OUT/nginx/tmp/uwsgi; scgi_temp_path $OUT/nginx/tmp/scgi;
  keepalive_requests 1000000; keepalive_timeout 75s;
  proxy_read_timeout 120s;
  upstream fast  { server 127.0.0.1:$P_FAST;  keepalive 512; keepalive_requests 1000000; }
  upstream paced { server 127.0.0.1:$P_PACED; keepalive 512; keepalive_requests 1000000; }
  upstream slow  { server 127.0.0.1:$P_SLOW;  keepalive 512; keepalive_requests 1000000; }
  server { listen 127.0.0.1:$P_NG_FAST;  location / { proxy_pass http://fast;  $proxy } }
  server { listen 127.0.0.1:$P_NG_PACED; location / { proxy_pass http://paced; $proxy } }
  server { listen 127.0.0.1:$P_NG_SLOW reuseport;  location / { proxy_pass http://slow;  $proxy } }
}
EOF
  nginx -p "$OUT/nginx" -c "$OUT/nginx/nginx.conf" -g 'daemon off;' >"$OUT/nginx/stdout.log" 2>&1 &
  PIDS+=($!); PID_NGINX=$!
}

gateway_yaml() { # port
  cat <<EOF
server:
  port: $1
sluice:
  providers:
    up-fast:  { type: openai, base-url: "http://127.0.0.1:$P_FAST/v1",  max-connections: 20000 }
    up-paced: { type: openai, base-url: "http://127.0.0.1:$P_PACED/v1", max-connections: 20000 }
    up-slow:  { type: openai, base-url: "http://127.0.0.1:$P_SLOW/v1",  max-connections: 20000 }
    mock-fast:  { type: mock, mock: { time-to-first-token: 0ms, tokens: 16,  inter-token-delay: 0ms } }
    mock-paced: { type: mock, mock: { time-to-first-token: 0ms, tokens: 200, inter-token-delay: 20ms } }
    mock-slow:  { type: mock, mock: { time-to-first-token: 0ms, tokens: $HOLD_TOKENS, inter-token-delay: ${HOLD_DELAY_MS}ms } }
  models:
    fast:  { provider: up-fast,  upstream-model: gpt-4o-mini }
    paced: { provider: up-paced, upstream-model: gpt-4o-mini }
    slow:  { provider: up-slow,  upstream-model: gpt-4o-mini }
    fast-inproc:  { provider: mock-fast,  upstream-model: gpt-4o-mini }
    paced-inproc: { provider: mock-paced, upstream-model: gpt-4o-mini }
    slow-inproc:  { provider: mock-slow,  upstream-model: gpt-4o-mini }
EOF
}

GW_HEAP=(-Xms512m -Xmx512m)
start_gateway() { # name port extra-yaml-file [jvm options...]
  local name=$1 port=$2 yaml=$3; shift 3
  port_free "$port" || { log "port $port busy; set BASE_PORT"; exit 1; }
  "$JAVA" "${GW_HEAP[@]}" "${JVM_COMMON[@]}" \
    -XX:StartFlightRecording=filename="$OUT/$name.jfr",settings=default,dumponexit=true \
    "$@" -jar "$GATEWAY_JAR" --spring.config.additional-location="file:$yaml" >"$OUT/$name.log" 2>&1 &
  PIDS+=($!); eval "PID_$(echo "$name" | tr '-' '_')=$!"
}

log "starting mock upstreams, nginx, gateways"
start_mock fast "$P_FAST" 16 0
start_mock paced "$P_PACED" 200 20
start_mock slow "$P_SLOW" "$HOLD_TOKENS" "$HOLD_DELAY_MS"
start_nginx

gateway_yaml "$P_GW" >"$OUT/gw-embedded.yaml"
cat >>"$OUT/gw-embedded.yaml" <<EOF
  policy:
    keys:
      - { id: bench-rpm, key: sk-sluice-bench-rpm-local-only, tenant: bench-rpm }
    policies:
      - { id: bench-rpm, scope: key, subject: bench-rpm, tenant: bench-rpm, limits: { requests-per-minute: 600 } }
EOF
start_gateway gw-embedded "$P_GW" "$OUT/gw-embedded.yaml"

BENCH_PREFIX="bench-$STAMP"
ADMIN_TOKEN="bench-admin-$RANDOM$RANDOM$RANDOM"
gateway_yaml "$P_GWF" >"$OUT/gw-full.yaml"
cat >>"$OUT/gw-full.yaml" <<EOF
  policy:
    redis-url: "$REDIS_URL"
    redis-key-prefix: "$BENCH_PREFIX"
    postgres-url: "$POSTGRES_URL"
    postgres-schema: sluice_bench
    admin: { token: "$ADMIN_TOKEN" }
EOF
if [[ -n "$KAFKA" ]]; then
  printf '  usage:\n    kafka:\n      bootstrap-servers: "%s"\n' "$KAFKA" >>"$OUT/gw-full.yaml"
fi
start_gateway gw-full "$P_GWF" "$OUT/gw-full.yaml"

wait_http "http://127.0.0.1:$P_FAST/v1/models" 60
wait_http "http://127.0.0.1:$P_PACED/v1/models" 60
wait_http "http://127.0.0.1:$P_SLOW/v1/models" 60
wait_http "http://127.0.0.1:$P_NG_FAST/v1/models" 30
wait_http "http://127.0.0.1:$P_GW/health" 120
wait_http "http://127.0.0.1:$P_GWF/health" 120
log "all up: mocks $PID_MOCK_fast/$PID_MOCK_paced/$PID_MOCK_slow nginx $PID_NGINX gw-embedded $PID_gw_embedded gw-full $PID_gw_full"

# ---------------------------------------------------------------- full path: tenant, keys, policies via the admin API
admin() { # method path json
  curl -sf -X "$1" "http://127.0.0.1:$P_GWF/admin/v1$2" -H "Authorization: Bearer $ADMIN_TOKEN" \
    -H 'Content-Type: application/json' -d "$3"
}
TENANT="bench-$(date +%s)"
admin POST /tenants "{\"id\":\"$TENANT\",\"name\":\"benchmark $STAMP\"}" >/dev/null
new_key() { # limits-json -> "id key"
  local k; k=$(admin POST /keys "{\"tenantId\":\"$TENANT\"}")
  local id; id=$(jq -r .id <<<"$k")
  admin POST /policies "{\"scope\":\"KEY\",\"subject\":\"$id\",\"tenantId\":\"$TENANT\",\"limits\":$1}" >/dev/null
  printf '%s %s' "$id" "$(jq -r .key <<<"$k")"
}
read -r _ FULL_KEY <<<"$(new_key '{"requestsPerMinute":100000000}')"
read -r _ RPM_KEY <<<"$(new_key '{"requestsPerMinute":600}')"
read -r _ CONC_KEY <<<"$(new_key '{"maxConcurrent":50}')"
FULL_AUTH="Bearer $FULL_KEY"
curl -sf "http://127.0.0.1:$P_GWF/v1/chat/completions" -H "Authorization: $FULL_AUTH" -H 'Content-Type: application/json' \
  -d "$(body "$BODY" fast)" >/dev/null || { log "full-path request failed"; exit 1; }

# ---------------------------------------------------------------- measuring
ticks() { # pids... -> utime+stime clock ticks, summed
  local t=0 p
  for p in "$@"; do
    [[ -r /proc/$p/stat ]] && t=$((t + $(sed 's/^.*) //' "/proc/$p/stat" | awk '{print $12 + $13}')))
  done
  echo "$t"
}
rss_kb() { local t=0 p; for p in "$@"; do t=$((t + $(awk '/VmRSS/{print $2}' "/proc/$p/status" 2>/dev/null || echo 0))); done; echo "$t"; }
nginx_pids() { echo "$PID_NGINX $(pgrep -P "$PID_NGINX" | tr '\n' ' ')"; }
HZ=$(getconf CLK_TCK)

# target -> url for non-stream / stream / slow, auth, server pids, upstream pids
target_url() { # target kind(fast|paced|slow)
  case "$1" in
    direct) case "$2" in fast) echo "http://127.0.0.1:$P_FAST";; paced) echo "http://127.0.0.1:$P_PACED";; slow) echo "http://127.0.0.1:$P_SLOW";; esac;;
    nginx) case "$2" in fast) echo "http://127.0.0.1:$P_NG_FAST";; paced) echo "http://127.0.0.1:$P_NG_PACED";; slow) echo "http://127.0.0.1:$P_NG_SLOW";; esac;;
    gw-upstream|gw-inproc) echo "http://127.0.0.1:$P_GW";;
    gw-full) echo "http://127.0.0.1:$P_GWF";;
  esac
}
target_model() { [[ $1 == gw-inproc ]] && echo "$2-inproc" || echo "$2"; }
target_auth() { case "$1" in gw-upstream|gw-inproc) echo "$DEV_KEY";; gw-full) echo "$FULL_AUTH";; *) echo "";; esac; }
server_pids() { case "$1" in direct) echo "$2";; nginx) nginx_pids;; gw-upstream|gw-inproc) echo "$PID_gw_embedded";; gw-full) echo "$PID_gw_full";; esac; }
upstream_pids() { case "$1" in direct|gw-inproc) echo "";; *) echo "$2";; esac; }
mock_pid() { case "$1" in fast) echo "$PID_MOCK_fast";; paced) echo "$PID_MOCK_paced";; slow) echo "$PID_MOCK_slow";; esac; }

# measure target scenario concurrency kind -- command...   (appends one JSON line to results.jsonl)
measure() {
  local target=$1 scenario=$2 conc=$3 kind=$4; shift 5
  local mock; mock=$(mock_pid "$kind")
  local spids upids; spids=$(server_pids "$target" "$mock"); upids=$(upstream_pids "$target" "$mock")
  # shellcheck disable=SC2086
  local s0 u0 s1 u1 line rss load
  s0=$(ticks $spids); u0=$(ticks $upids)
  local CPU_PIDS;   CPU_PIDS="$(echo $spids | tr ' ' ',')"
  line=$("$@" 2>>"$OUT/loadgen.err" | grep '^{' | tail -1 || true)
  s1=$(ticks $spids); u1=$(ticks $upids)
  rss=$(rss_kb $spids); load=$(cut -d' ' -f1 /proc/loadavg)
  if [[ -z "$line" ]]; then log "no result for $target $scenario c=$conc"; line='{"errors":-1}'; fi
  jq -c --arg t "$target" --arg s "$scenario" --argjson c "$conc" --argjson sc "$(( s1 - s0 ))" \
    --argjson uc "$(( u1 - u0 ))" --argjson hz "$HZ" --argjson rss "$rss" --argjson load "$load" \
    '. + {target:$t, scenario:$s, concurrency:$c, serverCpuSeconds:(.serverCpuSeconds // ($sc/$hz)), upstreamCpuSeconds:($uc/$hz),
          serverRssKb:$rss, load1:$load}
     | . + {requestsPerCpuSecond: (if .serverCpuSeconds > 0 then (.ok // 0) / .serverCpuSeconds else null end)}' \
    <<<"$line" | tee -a "$RESULTS" | jq -c '{target,scenario,concurrency,rps,errors,p99:.latency.p99,ttft99:.ttft.p99,cpu:.serverCpuSeconds}' >&2
}

cat >"$OUT/post.lua" <<'EOF'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = os.getenv("BENCH_BODY")
local auth = os.getenv("BENCH_AUTH")
if auth and auth ~= "" then wrk.headers["Authorization"] = auth end
function done(summary, latency, requests)
  local e = summary.errors
  local failed = e.connect + e.read + e.write + e.status + e.timeout
  local secs = summary.duration / 1e6
  local function ms(p) return latency:percentile(p) / 1000 end
  io.write(string.format('{"mode":"wrk","requests":%d,"seconds":%.3f,"ok":%d,"rps":%.1f,' ..
    '"latency":{"p50":%.3f,"p90":%.3f,"p99":%.3f,"p999":%.3f,"max":%.3f,"mean":%.3f},' ..
    '"errors":%d,"errorKinds":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}}\n',
    summary.requests, secs, summary.requests - failed, (summary.requests - failed) / secs,
    ms(50), ms(90), ms(99), ms(99.9), latency.max / 1000, latency.mean / 1000,
    failed, e.connect, e.read, e.write, e.status, e.timeout))
end
EOF
wrk_run() { # target conc seconds
  local url model; url=$(target_url "$1" fast); model=$(target_model "$1" fast)
  local threads=2; (($2 < 2)) && threads=1
  BENCH_BODY="$(body "$BODY" "$model")" BENCH_AUTH="$(target_auth "$1")" \
    timeout $(($3 + 60)) wrk -t"$threads" -c"$2" -d"$3s" --timeout 10s -s "$OUT/post.lua" "$url/v1/chat/completions"
}
load() { timeout "${LOAD_TIMEOUT:-900}" "$JAVA" -Xms512m -Xmx2g "${JVM_COMMON[@]}" -cp "$LOAD_CP" dev.sluice.loadtest.LoadMain "$@"; }
stream_run() { # target conc seconds
  local url model auth; url=$(target_url "$1" paced); model=$(target_model "$1" paced); auth=$(target_auth "$1")
  load closed --url "$url" --path /v1/chat/completions --body "$(body "$STREAM_BODY" "$model")" \
    ${auth:+--auth "$auth"} --connections "$2" --seconds "$3" --stream true \
    --warmup-seconds "${4:-$STREAM_WARMUP_SECONDS}" --cpu-pids "${CPU_PIDS:-}" --clk-tck "$HZ"
}

TARGETS=(direct nginx gw-upstream gw-inproc gw-full)
has() { [[ " $SCENARIOS " == *" $1 "* ]]; }

jq -n --arg stamp "$STAMP" --arg commit "$(git rev-parse --short HEAD)" --arg uptime "$(uptime)" \
  --arg cpu "$(nproc)" --arg kafka "${KAFKA:-none}" --arg java "$("$JAVA" -version 2>&1 | head -1)" \
  --arg nginx "$(nginx -v 2>&1)" --arg wrk "$(wrk -v 2>&1 | head -1)" \
  '{stamp:$stamp, commit:$commit, uptimeAtStart:$uptime, cpus:$cpu, kafka:$kafka, java:$java, nginx:$nginx, wrk:$wrk}' >"$OUT/meta.json"

# A cold gateway serves a tenth of its warm rate for the first minutes while C2 compiles (measured: 186, 1,027,
# 2,913, 9,862, 11,821 req/s in successive 20 s runs); warm each target until three 10 s runs in a row agree within
# 10 % and are no longer rising, after at least WARMUP_MIN_ROUNDS (12): a C2-compiling gateway can look stable for
# three rounds below its warm rate (run 6: 5,900, 5,910, 5,822 at rounds 6-8, then 6,578 when measured).
warm_until_stable() { # target
  local p1=0 p2=0 rps i lo hi
  for ((i = 1; i <= WARMUP_MAX_ROUNDS; i++)); do
    rps=$(wrk_run "$1" 64 10 | grep '^{' | jq -r '.rps | floor')
    log "warm-up $1 round $i: $rps req/s"
    # three rounds in a row within 10 % of each other, and not still rising (the last within 5 % of the first)
    if ((i >= WARMUP_MIN_ROUNDS && p2 > 0)); then
      lo=$(printf '%s\n' "$p2" "$p1" "$rps" | sort -n | head -1); hi=$(printf '%s\n' "$p2" "$p1" "$rps" | sort -n | tail -1)
      if ((hi * 10 <= lo * 11 && rps * 100 <= p2 * 105)); then return; fi
    fi
    p2=$p1; p1=$rps
  done
}
log "warm-up: 3 s direct and nginx; gateways until stable (at most $WARMUP_MAX_ROUNDS x 10 s each)"
for t in direct nginx; do wrk_run "$t" 64 3 >/dev/null; done
for t in gw-upstream gw-inproc gw-full; do warm_until_stable "$t"; done
if has stream; then for t in gw-upstream gw-inproc gw-full; do stream_run "$t" 64 8 0 >/dev/null 2>&1; done; fi

if has nonstream; then
  for c in $CONCURRENCY; do
    for t in "${TARGETS[@]}"; do
      log "non-stream $t c=$c ${SECONDS_PER_RUN}s"
      measure "$t" nonstream "$c" fast -- wrk_run "$t" "$c" "$SECONDS_PER_RUN"
    done
  done
fi

if has stream; then
  for c in $STREAM_CONCURRENCY; do
    for t in "${TARGETS[@]}"; do
      log "stream (200 tokens x 20 ms) $t c=$c ${STREAM_SECONDS}s"
      measure "$t" stream "$c" paced -- stream_run "$t" "$c" "$STREAM_SECONDS"
    done
  done
fi

if has ratelimit; then
  # 600 requests per minute: a full bucket of 600, refilled at 10/s; 2000 requests at 64 connections.
  log "rate limit: full path, 600 rpm key, 2000 requests"
  measure gw-full ratelimit-rpm 64 fast -- load burst --label ratelimit-rpm --url "http://127.0.0.1:$P_GWF" \
    --body "$(body "$BODY" fast)" --auth "Bearer $RPM_KEY" --count 2000 --concurrency 64
  log "rate limit: embedded (in-memory buckets), 600 rpm YAML key, 2000 requests"
  measure gw-upstream ratelimit-rpm 64 fast -- load burst --label ratelimit-rpm --url "http://127.0.0.1:$P_GW" \
    --body "$(body "$BODY" fast)" --auth "Bearer sk-sluice-bench-rpm-local-only" --count 2000 --concurrency 64
  # maxConcurrent 50: 150 streams of 4 s at once -> exactly 50 admitted; then 50 more after they end -> all admitted.
  log "rate limit: full path, maxConcurrent 50, 150 simultaneous 4 s streams, then 50"
  measure gw-full ratelimit-concurrency 150 paced -- load burst --label ratelimit-concurrency --url "http://127.0.0.1:$P_GWF" \
    --body "$(body "$STREAM_BODY" paced)" --auth "Bearer $CONC_KEY" --count 150 --concurrency 150
  measure gw-full ratelimit-concurrency-after 50 paced -- load burst --label ratelimit-concurrency-after --url "http://127.0.0.1:$P_GWF" \
    --body "$(body "$STREAM_BODY" paced)" --auth "Bearer $CONC_KEY" --count 50 --concurrency 50
fi

if has hold; then
  for t in nginx gw-inproc gw-upstream; do
    n=$HOLD_STREAMS; [[ $t == gw-upstream ]] && n=$HOLD_UPSTREAM_STREAMS
    log "hold $n streams ($HOLD_TOKENS tokens x $HOLD_DELAY_MS ms) via $t"
    url=$(target_url "$t" slow); auth=$(target_auth "$t")
    probe="http://127.0.0.1:$P_NG_FAST/v1/models"; [[ $t == gw-* ]] && probe="http://127.0.0.1:$P_GW/health"
    measure "$t" hold "$n" slow -- load held --url "$url" --body "$(body "$STREAM_BODY" "$(target_model "$t" slow)")" \
      ${auth:+--auth "$auth"} --streams "$n" --ramp-seconds "$HOLD_RAMP_SECONDS" --gap-ms "$HOLD_DELAY_MS" --probe "$probe" --probe-ms 20
    sleep 3
  done
  log "gateway RSS after hold: $(rss_kb "$PID_gw_embedded") kB"
fi

heap_after_gc_kb() { # pid -> used heap in kB right after a full GC
  "$JCMD" "$1" GC.run >/dev/null 2>&1
  "$JCMD" "$1" GC.heap_info 2>/dev/null | awk '/garbage-first heap/ {for (i=1;i<=NF;i++) if ($i=="used") {v=$(i+1); sub(/K,?/,"",v); print v; exit}}'
}

if has soak; then
  log "soak ${SOAK_SECONDS}s on gw-upstream: $SOAK_STREAMS paced streams + wrk $SOAK_CONNECTIONS connections non-stream"
  SOAK="$OUT/soak.jsonl"; : >"$SOAK"
  h0=$(heap_after_gc_kb "$PID_gw_embedded")
  jq -nc --argjson t 0 --argjson h "${h0:-0}" --argjson r "$(rss_kb "$PID_gw_embedded")" '{t:$t, heapAfterGcKb:$h, rssKb:$r}' >>"$SOAK"
  s0=$(ticks "$PID_gw_embedded")
  LOAD_TIMEOUT=$((SOAK_SECONDS + 300)) stream_run gw-upstream "$SOAK_STREAMS" "$SOAK_SECONDS" 0 >"$OUT/soak-stream.json" 2>>"$OUT/loadgen.err" &
  soak_stream=$!
  wrk_run gw-upstream "$SOAK_CONNECTIONS" "$SOAK_SECONDS" >"$OUT/soak-wrk.txt" 2>&1 &
  soak_wrk=$!
  interval=$((SOAK_SECONDS / 12)); ((interval < 10)) && interval=10
  start=$SECONDS
  while ((SECONDS - start < SOAK_SECONDS)); do
    sleep "$interval"
    h=$(heap_after_gc_kb "$PID_gw_embedded")
    jq -nc --argjson t "$((SECONDS - start))" --argjson h "${h:-0}" --argjson r "$(rss_kb "$PID_gw_embedded")" \
      '{t:$t, heapAfterGcKb:$h, rssKb:$r}' | tee -a "$SOAK" >&2
  done
  wait "$soak_stream" "$soak_wrk" || true
  s1=$(ticks "$PID_gw_embedded")
  h1=$(heap_after_gc_kb "$PID_gw_embedded")
  jq -nc --argjson t "$((SECONDS - start))" --argjson h "${h1:-0}" --argjson r "$(rss_kb "$PID_gw_embedded")" '{t:$t, heapAfterGcKb:$h, rssKb:$r, final:true}' >>"$SOAK"
  jq -c --slurpfile samples "$SOAK" --arg wrk "$(grep '^{' "$OUT/soak-wrk.txt" | tail -1)" \
    --argjson cpu "$(( (s1 - s0) ))" --argjson hz "$HZ" --argjson secs "$SOAK_SECONDS" \
    --argjson conc "$((SOAK_STREAMS + SOAK_CONNECTIONS))" \
    '{target:"gw-upstream", scenario:"soak", concurrency:$conc, seconds:$secs, stream:., nonstream:($wrk|fromjson? // null),
      samples:$samples, serverCpuSeconds:($cpu/$hz)}' "$OUT/soak-stream.json" >>"$RESULTS" || log "soak: no result"
fi

if has leak; then
  log "leak detection: paranoid gateway, ${LEAK_SECONDS}s of mixed load"
  gateway_yaml "$P_GWL" >"$OUT/gw-leak.yaml"
  start_gateway gw-leak "$P_GWL" "$OUT/gw-leak.yaml" -Dio.netty.leakDetection.level=paranoid
  wait_http "http://127.0.0.1:$P_GWL/health" 120
  half=$((LEAK_SECONDS / 2))
  load closed --url "http://127.0.0.1:$P_GWL" --body "$(body "$STREAM_BODY" paced)" --auth "$DEV_KEY" \
    --connections 32 --seconds "$half" --stream true >"$OUT/leak-stream.json" 2>>"$OUT/loadgen.err" &
  lp=$!
  load closed --url "http://127.0.0.1:$P_GWL" --body "$(body "$STREAM_BODY" paced-inproc)" --auth "$DEV_KEY" \
    --connections 32 --seconds "$half" --stream true >"$OUT/leak-stream-inproc.json" 2>>"$OUT/loadgen.err" &
  lp2=$!
  BENCH_BODY="$(body "$BODY" fast)" BENCH_AUTH="$DEV_KEY" timeout $((half + 60)) \
    wrk -t2 -c16 -d"${half}s" --timeout 10s -s "$OUT/post.lua" "http://127.0.0.1:$P_GWL/v1/chat/completions" >"$OUT/leak-wrk.txt" 2>&1
  # errors on purpose: an upstream that fails mid-stream and a client that gives up early
  BENCH_BODY="$(body "$BODY" fast)" BENCH_AUTH="$DEV_KEY" timeout 60 \
    wrk -t1 -c8 -d5s --timeout 1ms -s "$OUT/post.lua" "http://127.0.0.1:$P_GWL/v1/chat/completions" >/dev/null 2>&1 || true
  wait "$lp" "$lp2" || true
  for _ in 1 2 3; do
    "$JCMD" "$PID_gw_leak" GC.run >/dev/null 2>&1 || true
    BENCH_BODY="$(body "$BODY" fast)" BENCH_AUTH="$DEV_KEY" wrk -t1 -c4 -d2s -s "$OUT/post.lua" \
      "http://127.0.0.1:$P_GWL/v1/chat/completions" >/dev/null 2>&1 || true
  done
  leaks=$(grep -c 'LEAK:' "$OUT/gw-leak.log" || true)
  jq -nc --argjson leaks "${leaks:-0}" --slurpfile s "$OUT/leak-stream.json" --slurpfile si "$OUT/leak-stream-inproc.json" \
    --arg wrk "$(grep '^{' "$OUT/leak-wrk.txt" | tail -1)" \
    '{target:"gw-leak", scenario:"leak", concurrency:80, leakReports:$leaks, stream:$s[0], streamInproc:$si[0], nonstream:($wrk|fromjson? // null)}' >>"$RESULTS"
  log "paranoid leak detection: $leaks LEAK reports"
fi

jq -n --arg uptime "$(uptime)" --slurpfile m "$OUT/meta.json" '$m[0] + {uptimeAtEnd:$uptime}' >"$OUT/meta.json.tmp" && mv "$OUT/meta.json.tmp" "$OUT/meta.json"
for g in gw-embedded gw-full; do
  pid_var="PID_$(echo "$g" | tr '-' '_')"
  "$JCMD" "${!pid_var}" JFR.dump filename="$OUT/$g.jfr" >/dev/null 2>&1 || true
done
log "report"
"${PYTHON:-/usr/bin/python3}" "$ROOT/scripts/bench/report.py" "$OUT" >"$OUT/report.log" 2>&1 || { cat "$OUT/report.log"; exit 1; }
for g in gw-embedded gw-full; do
  if [[ -s "$OUT/$g.jfr" ]]; then
    { "$JAVA_HOME/bin/jfr" view --width 200 hot-methods "$OUT/$g.jfr"; "$JAVA_HOME/bin/jfr" view --width 200 gc-pauses "$OUT/$g.jfr"
      "$JAVA_HOME/bin/jfr" view --width 200 allocation-by-class "$OUT/$g.jfr"; } >"$OUT/$g-profile.txt" 2>&1 || true
  fi
done
if [[ "$WRITE_DOCS" == 1 ]]; then
  mkdir -p "$ROOT/docs/benchmarks"
  cp "$OUT"/*.png "$ROOT/docs/benchmarks/" 2>/dev/null || true
  cp "$OUT/results.md" "$ROOT/docs/benchmarks/results-latest.md"
fi
log "done: $OUT/results.md"
