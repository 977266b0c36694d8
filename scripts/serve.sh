#!/usr/bin/env bash
# Serve the shop assistant: the action server (:5055) in the background, the Rasa server (:5005)
# in the foreground. Ctrl-C (or either server dying) stops both.
set -euo pipefail
cd "$(dirname "$0")/.."

ACTION_PORT=${ACTION_PORT:-5055}
RASA_PORT=${RASA_PORT:-5005}
# endpoints.yml: in-memory stores; endpoints.production.yml: PostgreSQL, Redis, RabbitMQ (see README).
SHOP_ENDPOINTS=${SHOP_ENDPOINTS:-endpoints.yml}
export SHOP_ACTION_ENDPOINT=${SHOP_ACTION_ENDPOINT:-http://127.0.0.1:$ACTION_PORT/webhook}

.venv-actions/bin/python -m actions.server --port "$ACTION_PORT" &
actions_pid=$!
rasa_pid=""
stop() {
  trap - INT TERM EXIT
  [ -n "$rasa_pid" ] && kill "$rasa_pid" 2>/dev/null || true
  kill "$actions_pid" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

echo "waiting for the action server to load the store, model and index..."
for _ in $(seq 1 300); do
  if curl -fs "http://127.0.0.1:$ACTION_PORT/health" >/dev/null 2>&1; then break; fi
  kill -0 "$actions_pid" 2>/dev/null || { echo "action server failed to start" >&2; exit 1; }
  sleep 1
done

.venv-rasa/bin/rasa run --model models/shop.tar.gz --port "$RASA_PORT" \
  --credentials credentials.yml --endpoints "$SHOP_ENDPOINTS" --cors "*" &
rasa_pid=$!
echo "chat page: http://localhost:$RASA_PORT/chat/   REST: http://localhost:$RASA_PORT/webhooks/rest/webhook"
wait -n "$actions_pid" "$rasa_pid"
