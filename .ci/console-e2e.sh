#!/usr/bin/env bash
# The console's end-to-end tests (issue 6): headless Chromium, driven by playwright-core, against the whole
# product started by the local stack. Expects `./mvnw verify` to have built the artifacts. Arguments name the
# scenarios to run (web-console/e2e/run.mjs; all by default): .ci/console-e2e.sh authorization
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the console's browser tests..."
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

data_dir=$(mktemp -d)
launcher_out=$(mktemp)  # outside the data directory, which --fresh empties
export LOCAL_STACK_DATA_DIR="$data_dir" LOCAL_STACK_SKIP_BUILD=true
export CONNECTORS_ADMIN_TOKEN="${CONNECTORS_ADMIN_TOKEN:-ci-admin-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')}"
http_port="${LOCAL_STACK_HTTP_PORT:-8080}"
console="http://localhost:$http_port"

./local-stack.sh --fresh >"$launcher_out" 2>&1 &
stack_pid=$!
# SIGTERM, not SIGINT: a background job of a non-interactive shell ignores SIGINT.
stop_stack() {
  kill -TERM "$stack_pid" 2>/dev/null || true
  wait "$stack_pid" 2>/dev/null || true
}
trap stop_stack EXIT

echo "Waiting for the local stack (logs in $data_dir/logs)..."
for _ in $(seq 1 300); do
  if ! kill -0 "$stack_pid" 2>/dev/null; then
    echo "The local stack exited:"; cat "$launcher_out"; exit 1
  fi
  grep -q '^Local stack ready' "$launcher_out" && break
  sleep 1
done
cat "$launcher_out"
grep -q '^Local stack ready' "$launcher_out" || { echo "The local stack did not become ready in time"; exit 1; }

./local-stack.sh create-seed-tables
(cd web-console && CONSOLE_URL="$console" CONSOLE_TOKEN="$CONNECTORS_ADMIN_TOKEN" npm run e2e -- "$@")
