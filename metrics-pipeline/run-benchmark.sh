#!/usr/bin/env bash
# Runs dev.sluice.pipeline.bench.PipelineBenchmark (a main class, not a test): an in-JVM KRaft broker, the local
# Postgres (SLUICE_TEST_POSTGRES_URL or 127.0.0.1:5432/test), a fresh schema. Extra args are JVM options, e.g.
#   metrics-pipeline/run-benchmark.sh -Dbench.events=300000 -Dbench.rate=5000 -Dbench.seconds=30 -Dbench.consumers=2
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CP_FILE="$ROOT/metrics-pipeline/target/bench-classpath.txt"
cd "$ROOT"
./mvnw -q -B -pl metrics-pipeline -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=test >/dev/null
JAVA=java
[[ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]] && JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
exec "$JAVA" -Xmx1g "$@" \
  -cp "metrics-pipeline/target/test-classes:metrics-pipeline/target/classes:$(cat "$CP_FILE")" \
  dev.sluice.pipeline.bench.PipelineBenchmark
