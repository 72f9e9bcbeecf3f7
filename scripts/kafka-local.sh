#!/usr/bin/env bash
# Starts a real single-node Kafka KRaft broker (roles broker+controller) from the Kafka jars on Maven Central,
# for local runs and CI; no Docker, no download other than Maven Central.
#
#   scripts/kafka-local.sh start    # formats the data dir once, starts in the background, waits until it answers
#   scripts/kafka-local.sh stop     # stops it (data kept: start again to simulate an outage and recovery)
#   scripts/kafka-local.sh status
#   scripts/kafka-local.sh reset    # stops it and deletes its data
#
# Environment: KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9093), KAFKA_DIR (target/kafka-local), KAFKA_PARTITIONS (6).
# Bootstrap servers: 127.0.0.1:$KAFKA_PORT. Log: $KAFKA_DIR/broker.log.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORT="${KAFKA_PORT:-9092}"
CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
DIR="${KAFKA_DIR:-$ROOT/target/kafka-local}"
PARTITIONS="${KAFKA_PARTITIONS:-6}"
PID_FILE="$DIR/broker.pid"

java_bin() {
  if [[ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]]; then echo /usr/lib/jvm/temurin-25-jdk-amd64/bin/java
  elif [[ -n "${JAVA_HOME:-}" ]]; then echo "$JAVA_HOME/bin/java"
  else echo java; fi
}

classpath() {
  # kafka_2.13 + kafka-tools (versions from the root pom's kafka.version) as resolved for module test-support
  if [[ ! -s "$DIR/classpath.txt" || "$ROOT/pom.xml" -nt "$DIR/classpath.txt" ]]; then
    (cd "$ROOT" && ./mvnw -q -B -pl test-support dependency:build-classpath \
        -Dmdep.outputFile="$DIR/classpath.txt" -Dmdep.includeScope=runtime >/dev/null)
  fi
  cat "$DIR/classpath.txt"
}

write_config() {
  cat > "$DIR/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$PORT
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$DIR/data
num.partitions=$PARTITIONS
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
PROPS
  cat > "$DIR/logback.xml" <<'XML'
<configuration>
  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n</pattern></encoder>
  </appender>
  <logger name="state.change.logger" level="WARN"/>
  <root level="INFO"><appender-ref ref="OUT"/></root>
</configuration>
XML
}

running() { [[ -f "$PID_FILE" ]] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; }

start() {
  if running; then echo "kafka already running (pid $(cat "$PID_FILE")) on 127.0.0.1:$PORT"; return; fi
  mkdir -p "$DIR"
  local cp java; cp="$(classpath)"; java="$(java_bin)"
  write_config
  if [[ ! -f "$DIR/data/meta.properties" ]]; then
    "$java" -cp "$cp" kafka.tools.StorageTool format -t "$("$java" -cp "$cp" kafka.tools.StorageTool random-uuid)" \
      -c "$DIR/server.properties" >"$DIR/format.log" 2>&1
  fi
  nohup "$java" -Xms256m -Xmx512m -Dlogback.configurationFile="$DIR/logback.xml" -cp "$cp" kafka.Kafka "$DIR/server.properties" >"$DIR/broker.log" 2>&1 &
  echo $! > "$PID_FILE"
  for _ in $(seq 1 120); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
      echo "kafka running (pid $(cat "$PID_FILE")): bootstrap servers 127.0.0.1:$PORT"; return
    fi
    running || { echo "kafka failed to start; see $DIR/broker.log" >&2; tail -20 "$DIR/broker.log" >&2; exit 1; }
    sleep 0.5
  done
  echo "kafka did not open 127.0.0.1:$PORT within 60 s; see $DIR/broker.log" >&2; exit 1
}

stop() {
  if ! running; then echo "kafka not running"; rm -f "$PID_FILE"; return; fi
  local pid; pid="$(cat "$PID_FILE")"
  kill "$pid"
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
  rm -f "$PID_FILE"
  echo "kafka stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if running; then echo "running (pid $(cat "$PID_FILE")) on 127.0.0.1:$PORT"; else echo "stopped"; exit 1; fi ;;
  reset) stop; rm -rf "$DIR" ;;
  *) echo "usage: $0 start|stop|status|reset" >&2; exit 2 ;;
esac
