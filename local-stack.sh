#!/usr/bin/env bash
# Runs the whole product locally: Kafka (KRaft), both emulators, the control plane with the console, one agent.
#   ./local-stack.sh [--fresh] [--http-port 8080] ...   start; Ctrl-C stops everything
#   ./local-stack.sh create-seed-tables                 the seeds' example MaxCompute tables and Kafka topics
#   ./local-stack.sh sql "show partitions test_kafka"   one SQL statement on the local MaxCompute (a small odpscmd)
#   ./local-stack.sh --help                             every flag and its environment variable
# Builds first (./mvnw -q install -DskipTests) when the artifacts are missing or older than the sources.
set -euo pipefail
cd "$(dirname "$0")"

launcher_jar=(deploy/local-stack/target/local-stack-*.jar)
stamp=deploy/local-stack/target/.built
run_launcher() {
  exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
    -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -cp "${launcher_jar[0]}:deploy/local-stack/target/lib/*" com.connectorservice.localstack.LocalStack "$@"
}
needs_build() {
  [[ ! -f "${launcher_jar[0]}" || ! -f "$stamp" ]] && return 0
  # any source, pom or console file changed since the last build
  [[ -n "$(find . \( -name target -o -name node_modules -o -name .data -o -name .git -o -name dist \) -prune -o \
      -type f -newer "$stamp" \( -path '*/src/*' -o -name pom.xml -o -name package.json -o -name 'vite.config.*' \) \
      -print -quit)" ]]
}

# Help never builds: the launcher lists every flag when it is built, else this script's header says what it does.
for arg in "$@"; do
  if [[ "$arg" == "--help" || "$arg" == "-h" || "$arg" == "help" ]]; then
    if [[ -f "${launcher_jar[0]}" ]]; then
      run_launcher --help
    fi
    sed -n '2,7s/^# \{0,1\}//p' "$0"
    echo "The full list of flags is printed here once the product is built (./local-stack.sh builds it on its first start)."
    exit 0
  fi
done

# only start builds: the other commands talk to a running stack
if [[ "${1:-start}" =~ ^(start|--.*)$ && "${LOCAL_STACK_SKIP_BUILD:-}" != "true" ]] && needs_build; then
  echo "Building the product (./mvnw -q install -DskipTests); this takes a few minutes the first time..."
  ./mvnw -q -B install -DskipTests
  touch "$stamp"
  launcher_jar=(deploy/local-stack/target/local-stack-*.jar)
fi

run_launcher "$@"
