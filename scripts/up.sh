#!/usr/bin/env bash
# scripts/up.sh — `npm run up` / `npm run up -- --detach`: the whole ScaiDNS dev stack on this machine.
#
#   npm run up                 start everything, then stream the API + worker logs; Ctrl-C stops it all
#   npm run up -- --detach     start everything and return once /health/ready answers 200
#
# Idempotent: a second run while everything runs only reprints the summary (it restarts the API/worker
# when their build or environment changed). Steps:
#   1. npm dependencies (npm ci when node_modules is missing or older than package-lock.json)
#   2. Debian packages: PowerDNS 4.7 (+ both backends), pdns-tools, dig, sqlite3, mariadb-client
#   3. build (npm run build) when dist/ is missing or older than src/, migrations/, package-lock.json
#   4. MariaDB at DATABASE_URL (default 127.0.0.1:3306 root/empty), else a private one (.data/mariadb, :3307)
#   5. Redis at REDIS_URL (default 127.0.0.1:6379), else a private one (.data/redis, :6380)
#   6. secrets generated once into .data/secrets.env (mode 600); databases `scaidns` (app) and `scaidns_pdns`
#   7. PowerDNS via scripts/pdns-start.sh: gmysql on `scaidns_pdns`, DNSSEC, API 127.0.0.1:8081, DNS :5300, .data/pdns
#   8. .data/stack.env (every app variable), `node dist/src/cli.js migrate`
#   9. dev IdP (tools/idp/server.mjs on 127.0.0.1:9000) unless SCAIKEY_URL points at a real ScaiKey
#  10. API (dist/src/main.js) and worker (dist/src/worker.js) in the background; wait for /health/ready
#  11. `node dist/src/cli.js bootstrap --json` → platform-admin API key; .data/stack.json; summary
#
# Files: .data/run/*.pid (what up started; down.sh stops only those), .data/logs/*.log, .data/stack.env,
# .data/stack.json, .data/secrets.env. Nothing here talks to anything but 127.0.0.1.
#
# Environment (all optional):
#   DATABASE_URL, REDIS_URL        use these servers (their host must answer, else a private one is started
#                                  when the host is loopback)
#   SCAIKEY_URL (+ SCAIKEY_CLIENT_ID, SCAIKEY_CLIENT_SECRET, SCAIKEY_WEBHOOK_SECRET, ...)
#                                  a real ScaiKey: the dev IdP is not started
#   any other app variable of .env.example (LOG_LEVEL, REDIS_KEY_PREFIX, ...) is passed through to the app
#   SCAIDNS_API_PORT (8080), SCAIDNS_IDP_PORT (9000), SCAIDNS_PDNS_DNS_PORT (5300), SCAIDNS_PDNS_API_PORT (8081),
#   SCAIDNS_PDNS_DB (scaidns_pdns), SCAIDNS_PRIVATE_MARIADB_PORT (3307), SCAIDNS_PRIVATE_REDIS_PORT (6380),
#   SCAIDNS_READY_TIMEOUT (60), SCAIDNS_DATA_DIR (.data)
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LOG_PREFIX=up
# shellcheck source=scripts/lib/common.sh
. "$SCRIPT_DIR/lib/common.sh"
# shellcheck source=scripts/lib/services.sh
. "$SCRIPT_DIR/lib/services.sh"
# shellcheck source=scripts/lib/stack.sh
. "$SCRIPT_DIR/lib/stack.sh"

DETACH=0
for arg in "$@"; do
  case "$arg" in
    -d | --detach) DETACH=1 ;;
    -h | --help) sed -n '2,30p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument: $arg (use --detach or --help)" ;;
  esac
done

cd "$SCAIDNS_ROOT"
T_START=$(now_ms)
API_PORT=${SCAIDNS_API_PORT:-8080}
IDP_PORT=${SCAIDNS_IDP_PORT:-9000}
PDNS_DNS_PORT=${SCAIDNS_PDNS_DNS_PORT:-5300}
PDNS_API_PORT=${SCAIDNS_PDNS_API_PORT:-8081}
PDNS_DB=${SCAIDNS_PDNS_DB:-scaidns_pdns}
READY_TIMEOUT=${SCAIDNS_READY_TIMEOUT:-60}
API_URL="http://127.0.0.1:$API_PORT"
IDP_URL="http://127.0.0.1:$IDP_PORT"

capture_caller_env # before anything of ours is exported (lib/stack.sh)

# ---------- foreground mode: Ctrl-C / TERM stop everything this script started ----------
STOPPING=0
on_signal() {
  [ "$STOPPING" = 1 ] && return
  STOPPING=1
  trap '' INT TERM
  [ -n "${TAIL_PID:-}" ] && kill "$TAIL_PID" 2>/dev/null
  echo >&2
  log "stopping the stack…"
  release_lock
  bash "$SCRIPT_DIR/down.sh" || true
  exit 0 # a requested stop is a clean end (npm would print an error block for 130)
}
on_exit() {
  local rc=$?
  if [ "$rc" != 0 ] && [ "$STOPPING" = 0 ]; then
    log "up.sh failed (exit $rc). Whatever it had started is still running: \`npm run down\` stops it; logs are in ${LOG_DIR#"$SCAIDNS_ROOT"/}/"
  fi
}
trap on_exit EXIT
if [ "$DETACH" = 0 ]; then trap on_signal INT TERM; fi

mkdir -p "$DATA_DIR" "$RUN_DIR" "$LOG_DIR"
take_lock up

# ---------- 1. npm dependencies ----------
step "npm dependencies"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "node_modules is missing or older than package-lock.json: npm ci"
  t0=$(now_ms)
  npm ci --no-audit --no-fund >&2 || die "npm ci failed"
  ok "npm ci done in $((($(now_ms) - t0) / 1000)) s"
else
  ok "node_modules up to date"
fi

# ---------- 2. system packages ----------
step "system packages"
ensure_pdns_packages

# ---------- 3. build ----------
step "build"
if needs_build; then
  log "dist/ is missing or older than the sources: npm run build"
  t0=$(now_ms)
  npm run build >"$LOG_DIR/build.log" 2>&1 || { tail_log build "$LOG_DIR/build.log" 60; die "npm run build failed (full log: $LOG_DIR/build.log)"; }
  ok "built in $((($(now_ms) - t0) / 1000)) s"
else
  ok "dist/ is up to date"
fi

# ---------- 4/5. MariaDB and Redis ----------
step "MariaDB"
ensure_mariadb "$(caller_or DATABASE_URL 'mysql://root:@127.0.0.1:3306/scaidns')" "$(caller_has DATABASE_URL && echo 1 || echo 0)"
parse_db_url "$(caller_or DATABASE_URL 'mysql://root:@127.0.0.1:3306/scaidns')"
APP_DB=${DBU_NAME:-scaidns}
[[ "$APP_DB" =~ ^[A-Za-z0-9_]+$ ]] || die "database name '$APP_DB' in DATABASE_URL must match [A-Za-z0-9_]+"
if [ "$MDB_PRIVATE" = 1 ] || ! caller_has DATABASE_URL; then
  DATABASE_URL_EFF="mysql://$MDB_USER:$(urlencode "$MDB_PASSWORD")@$MDB_HOST:$MDB_PORT/$APP_DB"
else
  DATABASE_URL_EFF=$(caller_or DATABASE_URL '')
fi

step "Redis"
ensure_redis "$(caller_or REDIS_URL 'redis://127.0.0.1:6379/0')" "$(caller_has REDIS_URL && echo 1 || echo 0)"

# ---------- 6. secrets and databases ----------
step "secrets and databases"
ensure_secrets "$DATA_DIR/secrets.env"
PDNS_API_KEY_EFF=$(env_file_get "$DATA_DIR/secrets.env" PDNS_API_KEY)
mysql_q "$MDB_HOST" "$MDB_PORT" "$MDB_USER" "$MDB_PASSWORD" \
  -e "CREATE DATABASE IF NOT EXISTS \`$APP_DB\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci" ||
  die "cannot create database $APP_DB on $MDB_HOST:$MDB_PORT as $MDB_USER"
ok "app database \`$APP_DB\` on $MDB_HOST:$MDB_PORT (PowerDNS uses \`$PDNS_DB\`)"

# ---------- 7. PowerDNS ----------
step "PowerDNS"
t0=$(now_ms)
PDNS_DIR=$DATA_DIR/pdns
pdns_out=$(PDNS_DB_PASSWORD="$MDB_PASSWORD" PDNS_API_KEY="$PDNS_API_KEY_EFF" bash "$SCRIPT_DIR/pdns-start.sh" --quiet \
  --backend gmysql --dir "$PDNS_DIR" --dns-port "$PDNS_DNS_PORT" --api-port "$PDNS_API_PORT" \
  --db-host "$MDB_HOST" --db-port "$MDB_PORT" --db-user "$MDB_USER" --db-name "$PDNS_DB" 9>&-) ||
  die "PowerDNS did not start (log: $PDNS_DIR/pdns.log; ports $PDNS_DNS_PORT/$PDNS_API_PORT must be free)"
PDNS_API_URL_EFF=$(sed -n 's/^PDNS_API_URL=//p' <<<"$pdns_out")
ok "PowerDNS ready: API $PDNS_API_URL_EFF, DNS 127.0.0.1:$PDNS_DNS_PORT (pid $(sed -n 's/^PDNS_PID=//p' <<<"$pdns_out"), $(($(now_ms) - t0)) ms)"

# ---------- 8. stack.env + migrations ----------
step "migrations"
IDP_MANAGED=1
if caller_has SCAIKEY_URL && [ "$(caller_or SCAIKEY_URL '' | sed 's:/*$::')" != "$IDP_URL" ]; then IDP_MANAGED=0; fi
write_stack_env "$DATA_DIR/stack.env"
require_dist cli "the operator CLI"
run_cli migrate >"$LOG_DIR/migrate.log" 2>&1 || { tail_log migrate "$LOG_DIR/migrate.log"; die "\`node dist/src/cli.js migrate\` failed"; }
ok "migrations applied (log: ${LOG_DIR#"$SCAIDNS_ROOT"/}/migrate.log)"

# ---------- 9. IdP ----------
step "identity provider"
if [ "$IDP_MANAGED" = 1 ]; then
  ensure_idp
  write_stack_env "$DATA_DIR/stack.env" # picks up the IdP's audience
else
  stop_pidfile "dev IdP" "$RUN_DIR/idp.pid" "$SCAIDNS_ROOT/tools/idp/server.mjs"
  rm -f "$RUN_DIR/idp.json"
  ok "using the ScaiKey at $(caller_or SCAIKEY_URL '') (dev IdP not started)"
  caller_has SCAIKEY_CLIENT_SECRET || warn "SCAIKEY_CLIENT_SECRET is not set: the app falls back to the dev value, which a real ScaiKey will reject"
fi

# ---------- 10. API + worker ----------
step "API and worker"
require_dist main "the API"
require_dist worker "the worker"
ensure_app_process api "$SCAIDNS_ROOT/dist/src/main.js" "$LOG_DIR/api.log"
ensure_app_process worker "$SCAIDNS_ROOT/dist/src/worker.js" "$LOG_DIR/worker.log"

log "waiting for $API_URL/health/ready (up to ${READY_TIMEOUT}s)"
t0=$(now_ms)
watch=("$RUN_DIR/api.pid:api" "$RUN_DIR/worker.pid:worker")
[ "$IDP_MANAGED" = 0 ] || watch+=("$RUN_DIR/idp.pid:idp")
if res=$(wait_for_http "$API_URL/health/ready" 200 "$READY_TIMEOUT" "${watch[@]}"); then
  ok "ready in $(($(now_ms) - t0)) ms"
else
  case "$res" in
    dead\ *)
      who=${res#dead }
      tail_log "$who" "$LOG_DIR/$who.log" 60
      die "the $who process exited while the stack was starting (log above: ${LOG_DIR#"$SCAIDNS_ROOT"/}/$who.log)"
      ;;
    *)
      log "GET /health/ready → ${res#timeout }: $(http_get "$API_URL/health/ready" | head -c 800)"
      tail_log api "$LOG_DIR/api.log" 40
      tail_log worker "$LOG_DIR/worker.log" 20
      die "not ready after ${READY_TIMEOUT}s"
      ;;
  esac
fi

# ---------- 11. bootstrap key, stack.json, summary ----------
step "bootstrap platform admin"
bootstrap_api_key # sets API_KEY API_KEY_CREATED
write_stack_json "$DATA_DIR/stack.json"
ok "stack up in $((($(now_ms) - T_START) / 1000)) s"
release_lock
node "$SCRIPT_DIR/lib/stack.cjs" summary "$DATA_DIR/stack.json"

if [ "$DETACH" = 1 ]; then
  exit 0
fi

# ---------- foreground: stream logs until Ctrl-C ----------
log "streaming the API and worker logs — Ctrl-C stops the whole stack (or run with --detach)"
tail -n 0 -F "$LOG_DIR/api.log" "$LOG_DIR/worker.log" &
TAIL_PID=$!
while :; do
  sleep 2 &
  wait $! || true
  for p in api worker; do
    if ! pidfile_alive "$RUN_DIR/$p.pid" "$SCAIDNS_ROOT/dist/src/" >/dev/null; then
      kill "$TAIL_PID" 2>/dev/null || true
      tail_log "$p" "$LOG_DIR/$p.log" 30
      warn "the $p process exited; stopping the stack"
      STOPPING=1
      bash "$SCRIPT_DIR/down.sh" || true
      exit 1
    fi
  done
done
