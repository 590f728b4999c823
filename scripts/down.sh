#!/usr/bin/env bash
# scripts/down.sh — `npm run down`: stop what `npm run up` started, and nothing else.
#
# Stops the API, the worker, the dev IdP, the project's PowerDNS (.data/pdns) and — only if up.sh started
# them — the private MariaDB (.data/mariadb) and Redis (.data/redis). Each process is recognised by its pid
# file in .data/run/ AND its command line, so a recycled pid or another checkout's process is never touched.
# Idempotent; prints nothing but a short line when nothing runs. Data (.data/) is kept: delete .data/ for a
# clean slate (after `npm run down`).
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LOG_PREFIX=down
# shellcheck source=scripts/lib/common.sh
. "$SCRIPT_DIR/lib/common.sh"
# shellcheck source=scripts/lib/services.sh
. "$SCRIPT_DIR/lib/services.sh"

case "${1:-}" in
  '') ;;
  -h | --help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) die "unknown argument: $1" ;;
esac

[ -d "$DATA_DIR" ] || { log "nothing to stop"; exit 0; }
take_lock up
stopped=0

# API and worker together (TERM both, then wait), then the IdP they talk to.
pids=()
for name in api worker; do
  entry=$SCAIDNS_ROOT/dist/src/$([ "$name" = api ] && echo main || echo worker).js
  if pid=$(pidfile_alive "$RUN_DIR/$name.pid" "$entry"); then
    log "stopping $name (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    pids+=("$name:$pid")
  fi
  rm -f "$RUN_DIR/$name.pid" "$RUN_DIR/$name.fingerprint"
done
for np in "${pids[@]}"; do
  stop_pid "${np%%:*}" "${np#*:}" 20
  stopped=$((stopped + 1))
done

if pidfile_alive "$RUN_DIR/idp.pid" "$SCAIDNS_ROOT/tools/idp/server.mjs" >/dev/null; then stopped=$((stopped + 1)); fi
stop_pidfile "dev IdP" "$RUN_DIR/idp.pid" "$SCAIDNS_ROOT/tools/idp/server.mjs" 10
rm -f "$RUN_DIR/idp.json" "$RUN_DIR/idp.fingerprint"

if pidfile_alive "$DATA_DIR/pdns/run/pdns.pid" "--config-dir=$DATA_DIR/pdns/conf " >/dev/null; then
  log "stopping PowerDNS (${DATA_DIR#"$SCAIDNS_ROOT"/}/pdns)"
  bash "$SCRIPT_DIR/pdns-start.sh" --stop --quiet --dir "$DATA_DIR/pdns" 9>&-
  stopped=$((stopped + 1))
fi

if pidfile_alive "$REDIS_PIDFILE" redis-server >/dev/null; then stopped=$((stopped + 1)); fi
stop_private_redis
if pidfile_alive "$MARIADB_PIDFILE" mariadbd >/dev/null; then stopped=$((stopped + 1)); fi
stop_private_mariadb

if [ "$stopped" = 0 ]; then
  log "nothing was running"
else
  ok "stopped ($stopped service(s)); data kept in ${DATA_DIR#"$SCAIDNS_ROOT"/}/"
fi
