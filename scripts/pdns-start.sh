#!/usr/bin/env bash
# pdns-start.sh — start (idempotently) a PowerDNS Authoritative 4.7 (Debian 12) for ScaiDNS dev/tests.
# (Adapted from shared/reference/pdns-start.sh; `npm run up` calls it, the e2e globalSetup may too.)
#
# Default: gmysql backend on MariaDB 127.0.0.1:3306 (root, empty password), database `pdns`
# (created + schema loaded if absent), DNS on 127.0.0.1:5300 udp+tcp, HTTP API on 127.0.0.1:8081.
# Variant: --backend gsqlite3 (sqlite file in --dir, created + schema loaded if absent).
# ScaiDNS defaults written to pdns.conf (an --extra line for the same key wins, the later line wins):
#   default-soa-content=ns1.@ hostmaster.@ 0 10800 3600 604800 3600, default-api-rectify=yes,
#   webserver-max-bodysize=10 (MB), and cache-ttl=N with --cache-ttl N (tests use 0; pdns default 20).
#
# Usage:
#   pdns-start.sh [--backend gmysql|gsqlite3] [--dir DIR] [--dns-port N] [--api-port N]
#                 [--address IP] [--api-key KEY] [--db-host H] [--db-port N] [--db-user U]
#                 [--db-password P] [--db-name NAME] [--sqlite-file PATH] [--extra 'key=value']...
#                 [--cache-ttl N] [--reset] [--install] [--timeout SECS] [--quiet]
#   pdns-start.sh --stop   [--dir DIR | --dns-port N]      # stop the instance that lives in DIR
#   pdns-start.sh --status [--dir DIR | --dns-port N] [--api-key KEY]  # exit 0 if running and API answers
#
#   --reset    gmysql: DROP + recreate the database; gsqlite3: delete the sqlite file (clean slate).
#              If an instance with the same DIR is running it is stopped first.
#   --install  apt-get install the Debian packages if pdns_server / backends / clients are missing
#              (uses sudo when not root; runs apt-get update when the install fails on stale lists).
#   --quiet    only errors on stderr (stdout still carries the PDNS_* lines).
#   --extra    extra pdns.conf line(s), e.g. --extra 'default-soa-content=ns1.@ hostmaster.@ 0 10800 3600 604800 3600'
#
# Every option also has an env form: PDNS_BACKEND, PDNS_DIR, PDNS_DNS_PORT, PDNS_API_PORT,
# PDNS_ADDRESS, PDNS_API_KEY, PDNS_DB_HOST, PDNS_DB_PORT, PDNS_DB_USER, PDNS_DB_PASSWORD,
# PDNS_DB_NAME, PDNS_SQLITE_FILE, PDNS_EXTRA_CONF (newline-separated), PDNS_START_TIMEOUT, PDNS_CACHE_TTL.
#
# On success prints (stdout) lines usable with eval / >> $GITHUB_ENV style files:
#   PDNS_API_URL=http://127.0.0.1:8081
#   PDNS_API_KEY=...
#   PDNS_DNS_ADDRESS=127.0.0.1
#   PDNS_DNS_PORT=5300
#   PDNS_PID=12345
#   PDNS_DIR=/tmp/pdns-5300
# Progress/diagnostics go to stderr. Exit codes: 0 ok, 1 failure, 2 usage error.
#
# Files in DIR: conf/pdns.conf, run/pdns.pid (written by pdns), run/pdns.controlsocket,
# pdns.log (stdout+stderr of pdns_server), and pdns.sqlite3 for gsqlite3.
# pdns runs as the invoking user (root on CI); no systemd needed. Stop with --stop or
# `kill -TERM $(cat DIR/run/pdns.pid)` (shutdown takes ~1.5-2.5 s).
set -euo pipefail

BACKEND=${PDNS_BACKEND:-gmysql}
DNS_PORT=${PDNS_DNS_PORT:-5300}
API_PORT=${PDNS_API_PORT:-8081}
ADDRESS=${PDNS_ADDRESS:-127.0.0.1}
API_KEY=${PDNS_API_KEY:-changeme}
DB_HOST=${PDNS_DB_HOST:-127.0.0.1}
DB_PORT=${PDNS_DB_PORT:-3306}
DB_USER=${PDNS_DB_USER:-root}
DB_PASSWORD=${PDNS_DB_PASSWORD:-}
DB_NAME=${PDNS_DB_NAME:-pdns}
DIR=${PDNS_DIR:-}
SQLITE_FILE=${PDNS_SQLITE_FILE:-}
EXTRA_CONF=${PDNS_EXTRA_CONF:-}
TIMEOUT=${PDNS_START_TIMEOUT:-30}
CACHE_TTL=${PDNS_CACHE_TTL:-}
ACTION=start
RESET=0
INSTALL=0
QUIET=0

log() { [ "$QUIET" = 1 ] || echo "pdns-start: $*" >&2; }
die() { echo "pdns-start: ERROR: $*" >&2; exit 1; }
usage() { sed -n '2,48p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else die "need root for: $*"; fi; }

while [ $# -gt 0 ]; do
  case "$1" in
    --backend) BACKEND=$2; shift 2 ;;
    --dir) DIR=$2; shift 2 ;;
    --dns-port) DNS_PORT=$2; shift 2 ;;
    --api-port) API_PORT=$2; shift 2 ;;
    --address) ADDRESS=$2; shift 2 ;;
    --api-key) API_KEY=$2; shift 2 ;;
    --db-host) DB_HOST=$2; shift 2 ;;
    --db-port) DB_PORT=$2; shift 2 ;;
    --db-user) DB_USER=$2; shift 2 ;;
    --db-password) DB_PASSWORD=$2; shift 2 ;;
    --db-name) DB_NAME=$2; shift 2 ;;
    --sqlite-file) SQLITE_FILE=$2; shift 2 ;;
    --extra) EXTRA_CONF="${EXTRA_CONF:+$EXTRA_CONF
}$2"; shift 2 ;;
    --timeout) TIMEOUT=$2; shift 2 ;;
    --cache-ttl) CACHE_TTL=$2; shift 2 ;;
    --quiet|-q) QUIET=1; shift ;;
    --reset) RESET=1; shift ;;
    --install) INSTALL=1; shift ;;
    --stop) ACTION=stop; shift ;;
    --status) ACTION=status; shift ;;
    -h|--help) usage ;;
    *) log "unknown argument: $1"; usage ;;
  esac
done

case "$BACKEND" in gmysql|gsqlite3) ;; *) log "--backend must be gmysql or gsqlite3"; exit 2 ;; esac
[[ "$DB_NAME" =~ ^[A-Za-z0-9_]+$ ]] || { echo "pdns-start: --db-name must match [A-Za-z0-9_]+" >&2; exit 2; }
[ -z "$CACHE_TTL" ] || [[ "$CACHE_TTL" =~ ^[0-9]+$ ]] || { echo "pdns-start: --cache-ttl must be a number of seconds" >&2; exit 2; }
for _p in "$DNS_PORT" "$API_PORT" "$DB_PORT" "$TIMEOUT"; do
  [[ "$_p" =~ ^[0-9]+$ ]] || { echo "pdns-start: ports and --timeout must be numbers (got '$_p')" >&2; exit 2; }
done
DIR=${DIR:-/tmp/pdns-$DNS_PORT}
if [ "$ACTION" != start ] && [ ! -d "$DIR" ]; then
  # nothing was ever started there
  [ "$ACTION" = stop ] && { log "no running pdns_server for $DIR"; exit 0; }
  log "not running ($DIR)"; exit 1
fi
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
CONF_DIR=$DIR/conf
RUN_DIR=$DIR/run
PIDFILE=$RUN_DIR/pdns.pid
LOGFILE=$DIR/pdns.log
SQLITE_FILE=${SQLITE_FILE:-$DIR/pdns.sqlite3}
API_URL="http://$ADDRESS:$API_PORT"

# ---------- helpers ----------
http_code() { # http_code URL [api-key] -> prints HTTP status (000 when unreachable)
  local url=$1 key=${2:-}
  if command -v curl >/dev/null 2>&1; then
    curl -s -o /dev/null -m 3 -w '%{http_code}' ${key:+-H "X-API-Key: $key"} "$url" 2>/dev/null || true
  else
    node -e 'fetch(process.argv[1],{headers:process.argv[2]?{"X-API-Key":process.argv[2]}:{},signal:AbortSignal.timeout(3000)}).then(r=>console.log(r.status),()=>console.log("000"))' "$url" "$key"
  fi
}

alive() { # alive PID — exists and is not a zombie (init may reap exited children late)
  local st=''
  kill -0 "$1" 2>/dev/null || return 1
  st=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
  st=${st##*) } # the state follows the last ')' (the command name may contain spaces)
  [ "${st%% *}" != Z ]
}

running_pid() { # prints pid of the pdns_server of THIS dir if alive
  [ -f "$PIDFILE" ] || return 1
  local pid; pid=$(cat "$PIDFILE" 2>/dev/null) || return 1
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  alive "$pid" || return 1
  local cmd; cmd=$(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null) || return 1
  # fixed-string match (DIR may contain regex characters such as '.')
  [[ "$cmd" == *pdns_server*"--config-dir=$CONF_DIR "* ]] || return 1
  echo "$pid"
}

port_busy() { # port_busy PORT -> 0 if something listens on ADDRESS:PORT (tcp or udp)
  local p=$1
  if command -v ss >/dev/null 2>&1; then
    ss -Hlntu 2>/dev/null | awk '{print $5}' | grep -q ":$p\$" && return 0 || return 1
  fi
  (exec 3<>"/dev/tcp/$ADDRESS/$p") 2>/dev/null && return 0 || return 1
}

mysql_cli() {
  local bin; bin=$(command -v mariadb || command -v mysql) || die "no mariadb/mysql client (apt-get install mariadb-client)"
  MYSQL_PWD="$DB_PASSWORD" "$bin" --protocol=TCP -h "$DB_HOST" -P "$DB_PORT" -u "$DB_USER" "$@"
}

stop_instance() {
  local pid
  if pid=$(running_pid); then
    log "stopping pdns_server pid $pid ($DIR)"
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do alive "$pid" || break; sleep 0.1; done
    if alive "$pid"; then log "pid $pid still alive after 10s, sending KILL"; kill -KILL "$pid" 2>/dev/null || true; sleep 0.2; fi
  else
    log "no running pdns_server for $DIR"
  fi
  rm -f "$PIDFILE" "$RUN_DIR/pdns.controlsocket"
}

print_env() {
  echo "PDNS_API_URL=$API_URL"
  echo "PDNS_API_KEY=$API_KEY"
  echo "PDNS_DNS_ADDRESS=$ADDRESS"
  echo "PDNS_DNS_PORT=$DNS_PORT"
  echo "PDNS_PID=$1"
  echo "PDNS_DIR=$DIR"
}

# ---------- stop / status ----------
if [ "$ACTION" = stop ]; then stop_instance; exit 0; fi
if [ "$ACTION" = status ]; then
  pid=$(running_pid) || { log "not running ($DIR)"; exit 1; }
  code=$(http_code "$API_URL/api/v1/servers/localhost/zones" "$API_KEY")
  [ "$code" = 200 ] || { log "pid $pid alive but API answered $code"; exit 1; }
  print_env "$pid"; exit 0
fi

# ---------- install (optional) ----------
need_pkgs=()
[ -x /usr/sbin/pdns_server ] || need_pkgs+=(pdns-server)
if [ "$BACKEND" = gmysql ]; then
  ls /usr/lib/*/pdns/libgmysqlbackend.so >/dev/null 2>&1 || need_pkgs+=(pdns-backend-mysql)
  command -v mariadb >/dev/null 2>&1 || command -v mysql >/dev/null 2>&1 || need_pkgs+=(mariadb-client)
else
  ls /usr/lib/*/pdns/libgsqlite3backend.so >/dev/null 2>&1 || need_pkgs+=(pdns-backend-sqlite3)
  command -v sqlite3 >/dev/null 2>&1 || need_pkgs+=(sqlite3)
fi
if [ ${#need_pkgs[@]} -gt 0 ]; then
  if [ "$INSTALL" = 1 ]; then
    log "installing: ${need_pkgs[*]}"
    export DEBIAN_FRONTEND=noninteractive
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${need_pkgs[@]}" >&2 \
      || { as_root apt-get update >&2 && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${need_pkgs[@]}" >&2; } \
      || die "apt-get install failed"
  else
    die "missing packages: ${need_pkgs[*]} (re-run with --install, or apt-get install -y --no-install-recommends ${need_pkgs[*]})"
  fi
fi

# ---------- config (rendered up front: a running instance with another config is restarted) ----------
render_conf() {
  echo "# generated by pdns-start.sh — do not edit, re-run the script"
  if [ "$BACKEND" = gmysql ]; then
    echo "launch=gmysql"
    echo "gmysql-host=$DB_HOST"
    echo "gmysql-port=$DB_PORT"
    echo "gmysql-user=$DB_USER"
    echo "gmysql-password=$DB_PASSWORD"
    echo "gmysql-dbname=$DB_NAME"
    echo "gmysql-dnssec=yes"
  else
    echo "launch=gsqlite3"
    echo "gsqlite3-database=$SQLITE_FILE"
    echo "gsqlite3-dnssec=yes"
  fi
  echo "local-address=$ADDRESS:$DNS_PORT"
  echo "api=yes"
  echo "api-key=$API_KEY"
  echo "webserver=yes"
  echo "webserver-address=$ADDRESS"
  echo "webserver-port=$API_PORT"
  echo "webserver-allow-from=127.0.0.0/8,::1/128${ADDRESS:+,$ADDRESS}"
  echo "socket-dir=$RUN_DIR"
  echo "security-poll-suffix="
  # ScaiDNS defaults (an --extra line for the same key overrides them: the later line wins)
  echo "default-soa-content=ns1.@ hostmaster.@ 0 10800 3600 604800 3600"
  echo "default-api-rectify=yes"
  echo "webserver-max-bodysize=10"
  if [ -n "$CACHE_TTL" ]; then echo "cache-ttl=$CACHE_TTL"; fi
  if [ -n "$EXTRA_CONF" ]; then printf '%s\n' "$EXTRA_CONF"; fi
}
WANT_CONF=$(render_conf)

# ---------- already running? (idempotent) ----------
if pid=$(running_pid); then
  if [ "$RESET" = 1 ]; then
    stop_instance
  elif [ "$(cat "$CONF_DIR/pdns.conf" 2>/dev/null)" != "$WANT_CONF" ]; then
    log "pid $pid runs with a different configuration; restarting"
    stop_instance
  else
    code=$(http_code "$API_URL/api/v1/servers/localhost/zones" "$API_KEY")
    if [ "$code" = 200 ]; then
      log "already running (pid $pid, $DIR)"; print_env "$pid"; exit 0
    fi
    log "pid $pid alive but API answered '$code'; restarting"
    stop_instance
  fi
fi
rm -f "$PIDFILE" "$RUN_DIR/pdns.controlsocket"

for p in "$DNS_PORT" "$API_PORT"; do
  if port_busy "$p"; then die "port $p is already in use by another process (not the pdns of $DIR); pick other ports or stop it"; fi
done

# ---------- backend storage ----------
if [ "$BACKEND" = gmysql ]; then
  log "waiting for MariaDB $DB_HOST:$DB_PORT"
  ok=0
  for _ in $(seq 1 $((TIMEOUT * 5))); do
    if mysql_cli -N -e 'SELECT 1' >/dev/null 2>&1; then ok=1; break; fi
    sleep 0.2
  done
  [ "$ok" = 1 ] || { mysql_cli -e 'SELECT 1' >&2 || true; die "MariaDB not reachable at $DB_HOST:$DB_PORT as $DB_USER"; }
  if [ "$RESET" = 1 ]; then log "reset: dropping database $DB_NAME"; mysql_cli -e "DROP DATABASE IF EXISTS \`$DB_NAME\`"; fi
  mysql_cli -e "CREATE DATABASE IF NOT EXISTS \`$DB_NAME\`"
  have=$(mysql_cli -N -e "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema='$DB_NAME' AND table_name IN ('domains','records','domainmetadata','cryptokeys','comments','tsigkeys','supermasters')")
  if [ "$have" = 0 ]; then
    log "loading schema into $DB_NAME"
    mysql_cli "$DB_NAME" < /usr/share/pdns-backend-mysql/schema/schema.mysql.sql
  elif [ "$have" != 7 ]; then
    die "database $DB_NAME has a partial pdns schema ($have/7 tables); use --reset"
  fi
else
  if [ "$RESET" = 1 ]; then log "reset: removing $SQLITE_FILE"; rm -f "$SQLITE_FILE" "$SQLITE_FILE-journal" "$SQLITE_FILE-wal" "$SQLITE_FILE-shm"; fi
  mkdir -p "$(dirname "$SQLITE_FILE")"
  have=0
  [ -s "$SQLITE_FILE" ] && have=$(sqlite3 "$SQLITE_FILE" "SELECT COUNT(*) FROM sqlite_master WHERE type='table' AND name='domains'")
  if [ "$have" = 0 ]; then
    log "creating $SQLITE_FILE with schema"
    rm -f "$SQLITE_FILE"
    sqlite3 "$SQLITE_FILE" < /usr/share/pdns-backend-sqlite3/schema/schema.sqlite3.sql
  fi
fi

# ---------- config ----------
mkdir -p "$CONF_DIR" "$RUN_DIR"
printf '%s\n' "$WANT_CONF" > "$CONF_DIR/pdns.conf"
chmod 600 "$CONF_DIR/pdns.conf"

# ---------- start ----------
log "starting pdns_server ($BACKEND) dns=$ADDRESS:$DNS_PORT api=$API_URL dir=$DIR"
start_ns=$(date +%s%N)
# pdns itself writes run/pdns.pid (its own pid) even with --daemon=no.
# setsid: its own session, so a Ctrl-C in the caller's terminal does not reach it (stop with --stop).
# 9>&-: do not inherit the lock fd of up.sh.
setsid=(); command -v setsid >/dev/null 2>&1 && setsid=(setsid)
nohup "${setsid[@]}" /usr/sbin/pdns_server --config-dir="$CONF_DIR" --daemon=no --guardian=no \
  --disable-syslog --log-timestamp=yes >>"$LOGFILE" 2>&1 </dev/null 9>&- &
bgpid=$!

deadline=$(( $(date +%s) + TIMEOUT ))
while :; do
  if ! alive "$bgpid"; then
    wait "$bgpid" 2>/dev/null && rc=0 || rc=$?
    log "pdns_server exited during startup (rc=$rc); last log lines:"; tail -n 15 "$LOGFILE" >&2; exit 1
  fi
  # /zones touches the backend, so 200 means HTTP + DB are both usable (DNS sockets bind before the webserver)
  code=$(http_code "$API_URL/api/v1/servers/localhost/zones" "$API_KEY")
  [ "$code" = 200 ] && break
  if [ "$(date +%s)" -ge "$deadline" ]; then
    log "not ready after ${TIMEOUT}s (last API status '$code'); last log lines:"; tail -n 15 "$LOGFILE" >&2
    kill -TERM "$bgpid" 2>/dev/null || true; exit 1
  fi
  sleep 0.05
done
[ -f "$PIDFILE" ] || echo "$bgpid" > "$PIDFILE"
log "ready in $(( ($(date +%s%N) - start_ns) / 1000000 )) ms (pid $bgpid)"
print_env "$bgpid"
