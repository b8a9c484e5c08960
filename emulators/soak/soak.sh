#!/usr/bin/env bash
# Soak of the emulators in the local stack: starts a stack of its own (free ports, its own data directory), creates a
# MaxCompute and a Tablestore connector, streams SOAK_RATE rows/s (default 1000) into each for SOAK_SECONDS (default
# 3600), and prints every SOAK_SAMPLE_SECONDS (default 60) the memory of each emulator (resident, heap in use, heap
# after a full collection), its data size and the connectors' lag as CSV. Fails when a component dies, a connector
# fails or rows stay undelivered.
#   emulators/soak/soak.sh                        # one hour
#   SOAK_SECONDS=300 emulators/soak/soak.sh       # five minutes
# Needs the product built (./mvnw -q install -DskipTests); not part of ./mvnw verify.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${SOAK_SECONDS:-3600}
rate=${SOAK_RATE:-1000}
sample=${SOAK_SAMPLE_SECONDS:-60}
data=${SOAK_DATA_DIR:-$(mktemp -d /tmp/soak-XXXXXX)}
read -r http kafka controller maxcompute tablestore ramsts < <(python3 -c '
import socket
socks=[socket.socket() for _ in range(6)]
for s in socks: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))
for s in socks: s.close()')
log="$data.launcher.log"
LOCAL_STACK_SKIP_BUILD=true ./local-stack.sh --data-dir "$data" --http-port "$http" --kafka-port "$kafka" \
  --kafka-controller-port "$controller" --maxcompute-port "$maxcompute" --tablestore-port "$tablestore" \
  --ram-sts-port "$ramsts" > "$log" 2>&1 &
stack=$!
trap 'kill -TERM $stack 2>/dev/null; wait $stack 2>/dev/null || true' EXIT
until grep -q "Local stack ready" "$log"; do
  kill -0 $stack 2>/dev/null || { echo "the local stack did not start:"; tail -30 "$log"; exit 1; }
  sleep 2
done
echo "# stack up (data $data, launcher log $log)"
LOCAL_STACK_SKIP_BUILD=true ./local-stack.sh create-seed-tables --data-dir "$data" --maxcompute-port "$maxcompute" \
  --kafka-port "$kafka" > /dev/null
java -cp "deploy/local-stack/target/lib/*" emulators/soak/LocalStackSoak.java "http://localhost:$http" \
  "$(cat "$data/admin-token")" "localhost:$kafka" "$data" "http://127.0.0.1:$maxcompute/api" \
  "http://127.0.0.1:$tablestore" "$seconds" "$rate" "$sample"
