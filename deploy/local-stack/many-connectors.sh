#!/usr/bin/env bash
# Creates N connectors (default 40) through the REST API of a running ./local-stack.sh, deploys them all, waits
# until every one is RUNNING and prints how long that took and the resident memory of the agent and its workers.
# It shows that the local stack holds that many connectors without a capacity wall (issue 14). Each connector is
# seed 000's MaxCompute sink (concurrency 1) on the seed topic `maxcompute-test-input`, named many-<n>.
#   deploy/local-stack/many-connectors.sh [count]            create, deploy, wait for RUNNING, report
#   deploy/local-stack/many-connectors.sh --delete [count]   delete them again (with what the service created)
# Environment: CP (default http://localhost:8080), TOKEN (default: .data/admin-token), INSTANCE (kafka-local),
# ISOLATION (DENSE or PROCESS; default DENSE), TIMEOUT_SECONDS (default 600), MAXCOMPUTE_ENDPOINT
# (http://localhost:18090/api). Needs curl and jq.
set -euo pipefail
cd "$(dirname "$0")/../.."

delete=false
if [[ "${1:-}" == "--delete" ]]; then delete=true; shift; fi
count=${1:-40}
CP=${CP:-http://localhost:8080}
TOKEN=${TOKEN:-$(cat .data/admin-token)}
INSTANCE=${INSTANCE:-kafka-local}
ISOLATION=${ISOLATION:-DENSE}
TIMEOUT_SECONDS=${TIMEOUT_SECONDS:-600}
MAXCOMPUTE_ENDPOINT=${MAXCOMPUTE_ENDPOINT:-http://localhost:18090/api}
connectors="$CP/api/v1/instances/$INSTANCE/connectors"
api() { curl -sS -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' "$@"; }

if $delete; then
  for i in $(seq 1 "$count"); do
    api -o /dev/null -w "many-$i: %{http_code}\n" -X DELETE "$connectors/many-$i?deleteResources=true"
  done
  exit 0
fi

rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }

started=$(date +%s.%N)
for i in $(seq 1 "$count"); do
  definition=$(jq -n --arg name "many-$i" --arg endpoint "$MAXCOMPUTE_ENDPOINT" --arg isolation "$ISOLATION" '{
    name: $name, isolation: $isolation,
    source: {topic: "maxcompute-test-input", concurrency: 1, offsetReset: "EARLIEST", failurePolicy: "CONTINUE"},
    destination: {type: "MAXCOMPUTE", endpoint: $endpoint, project: "connector_test", table: "test_kafka",
      region: "cn-hangzhou", auth: {type: "ACCESS_KEY", accessKeyId: "local-ak", accessKeySecret: "local-sk"},
      mode: "DEFAULT", format: "TEXT", partitionWindow: "HOUR", timeZone: "GMT+08:00"}}')
  code=$(api -o /tmp/many-connectors.$$ -w '%{http_code}' -X POST "$connectors" -d "$definition")
  if [[ "$code" != 201 ]]; then
    echo "creating many-$i answered $code: $(cat /tmp/many-connectors.$$)" >&2
    rm -f /tmp/many-connectors.$$
    exit 1
  fi
  api -o /dev/null -X POST "$connectors/many-$i/deploy"
done
rm -f /tmp/many-connectors.$$
created=$(date +%s.%N)
printf 'created and deployed %d connectors in %.1f s\n' "$count" "$(echo "$created - $started" | bc)"

deadline=$(( $(date +%s) + TIMEOUT_SECONDS ))
while true; do
  running=$(api "$connectors?q=many-&status=RUNNING&size=1" | jq '.totalItems')
  if (( running >= count )); then break; fi
  if (( $(date +%s) > deadline )); then
    echo "only $running of $count RUNNING after ${TIMEOUT_SECONDS}s; the others say:" >&2
    for i in $(seq 1 "$count"); do
      api "$connectors/many-$i/status" | jq -r --arg n "many-$i" 'select(.state != "RUNNING")
        | "\($n): \(.state) \([.conditions[]? | select(.status != "True") | .message] | join("; "))"' >&2
    done
    exit 1
  fi
  sleep 1
done
all_running=$(date +%s.%N)
printf 'all %d RUNNING %.1f s after the first create\n' "$count" "$(echo "$all_running - $started" | bc)"

# The agent's workers (one dense JVM per Kafka instance, or one per connector under PROCESS) and the agent itself.
pids=$(for i in $(seq 1 "$count"); do api "$connectors/many-$i/status" | jq -r '.nodes[]?.worker.pid // empty'; done | sort -u)
agent=$(for pid in $pids; do ps -o ppid= -p "$pid"; done | tr -d ' ' | sort -u | head -1)  # the workers' parent
workers=0
for pid in $pids; do workers=$(( workers + $(rss_kib "$pid") )); done
agent_kib=$([[ -n "$agent" ]] && rss_kib "$agent" || echo 0)
printf 'worker JVMs: %d, resident %d MiB; agent %d MiB; together %d MiB (%.1f MiB per connector)\n' \
  "$(echo "$pids" | wc -w)" $(( workers / 1024 )) $(( agent_kib / 1024 )) $(( (workers + agent_kib) / 1024 )) \
  "$(echo "($workers + $agent_kib) / 1024 / $count" | bc -l)"
echo "remove them with: $0 --delete $count"
