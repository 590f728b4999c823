# shellcheck shell=bash disable=SC2034  # (MDB_*/RDS_* are read by the scripts that source this)
# scripts/lib/services.sh — system packages, MariaDB, Redis (sourced after common.sh).
#
#   ensure_pdns_packages             install PowerDNS + dig + clients when missing
#   ensure_mariadb URL EXPLICIT      find a MariaDB for URL, or start a private one (.data/mariadb, :3307)
#   ensure_redis URL EXPLICIT        find a Redis for URL, or start a private one (.data/redis, :6380)
#   stop_private_mariadb / stop_private_redis   stop the private ones (only if we started them)
#
# Private instances are recorded in $RUN_DIR/mariadb.pid and $RUN_DIR/redis.pid: down.sh stops only those.

PRIVATE_MARIADB_PORT=${SCAIDNS_PRIVATE_MARIADB_PORT:-3307}
PRIVATE_REDIS_PORT=${SCAIDNS_PRIVATE_REDIS_PORT:-6380}
MARIADB_DIR=$DATA_DIR/mariadb
REDIS_DIR=$DATA_DIR/redis
MARIADB_PIDFILE=$RUN_DIR/mariadb.pid
REDIS_PIDFILE=$RUN_DIR/redis.pid

PDNS_PACKAGES=(pdns-server pdns-backend-mysql pdns-backend-sqlite3 pdns-tools bind9-dnsutils sqlite3)

# ensure_pdns_packages — PowerDNS (+ both backends used by the scripts/tests), dig, sqlite3 and a MariaDB client.
ensure_pdns_packages() {
  local -a missing=()
  local p
  if have dpkg-query; then
    for p in "${PDNS_PACKAGES[@]}"; do pkg_installed "$p" || missing+=("$p"); done
  else
    [ -x /usr/sbin/pdns_server ] || missing+=(pdns-server)
    have dig || missing+=(bind9-dnsutils)
  fi
  have mariadb || have mysql || missing+=(mariadb-client)
  if [ ${#missing[@]} -eq 0 ]; then
    local ver
    ver=$({ /usr/sbin/pdns_server --version 2>&1 || true; } | grep -o 'Authoritative Server [0-9.]*' | head -n1 || true)
    ok "PowerDNS packages present (${ver:-pdns_server})"
    return 0
  fi
  have dpkg-query || die "missing: ${missing[*]}; install PowerDNS Authoritative 4.7 + dig yourself (this script installs them only on Debian)"
  apt_install "${missing[@]}"
  if have systemctl && systemctl is-active --quiet pdns 2>/dev/null; then
    warn "the pdns package started the system service pdns.service on port 53 (collides with systemd-resolved);"
    warn "ScaiDNS runs its own instance and does not need it: sudo systemctl disable --now pdns"
  fi
  ok "installed: ${missing[*]}"
}

# parse_db_url URL — sets DBU_HOST DBU_PORT DBU_USER DBU_PASSWORD DBU_NAME (mysql://user:pass@host:port/db;
# mysql+driver:// and mariadb:// are accepted like the app does).
parse_db_url() {
  local out
  out=$(node -e '
    let u; try { u = new URL(process.argv[1]); } catch { process.exit(3); }
    if (!/^(mysql|mariadb)(\+[a-z0-9]+)?:$/.test(u.protocol)) process.exit(4);
    const host = (u.hostname || "127.0.0.1").replace(/^\[|\]$/g, "");
    const v = [host, u.port || "3306", decodeURIComponent(u.username || "root"), decodeURIComponent(u.password),
               decodeURIComponent(u.pathname.replace(/^\//, ""))];
    process.stdout.write(v.join("\u0001"));' "$1") || die "DATABASE_URL is not a mysql://user:password@host:port/database URL"
  IFS=$'\001' read -r DBU_HOST DBU_PORT DBU_USER DBU_PASSWORD DBU_NAME <<<"$out" || true
  export DBU_HOST DBU_PORT DBU_USER DBU_PASSWORD DBU_NAME
}

# parse_redis_url URL — sets RU_HOST RU_PORT.
parse_redis_url() {
  local out
  out=$(node -e '
    let u; try { u = new URL(process.argv[1]); } catch { process.exit(3); }
    if (!/^rediss?:$/.test(u.protocol)) process.exit(4);
    process.stdout.write([(u.hostname || "127.0.0.1").replace(/^\[|\]$/g, ""), u.port || "6379"].join(" "));' "$1") ||
    die "REDIS_URL is not a redis://[user:password@]host:port/db URL"
  read -r RU_HOST RU_PORT <<<"$out"
}

mysql_bin() { command -v mariadb || command -v mysql || die "no mariadb/mysql client (apt-get install mariadb-client)"; }

# mysql_q HOST PORT USER PASSWORD ARGS... — run the client over TCP (never the unix socket).
mysql_q() {
  local host=$1 port=$2 user=$3 pass=$4 bin
  shift 4
  bin=$(mysql_bin)
  MYSQL_PWD="$pass" "$bin" --protocol=TCP --connect-timeout=3 -h "$host" -P "$port" -u "$user" "$@"
}

mysql_ping() { mysql_q "$1" "$2" "$3" "$4" -N -e 'SELECT 1' >/dev/null 2>&1; }

# redis_ping URL — 0 if a Redis answers at URL (an auth error still proves a Redis is there, but we
# need a usable one, so only PONG counts when the URL carries credentials).
redis_ping() {
  local url=$1 reply
  if have redis-cli; then
    reply=$(timeout 5 redis-cli --no-auth-warning -u "$url" PING 2>/dev/null) || return 1
    [ "$reply" = PONG ]
  else
    parse_redis_url "$url"
    # shellcheck disable=SC2016
    timeout 5 bash -c 'exec 3<>"/dev/tcp/$1/$2" && printf "PING\r\n" >&3 && IFS= read -r l <&3 && [[ "$l" == +PONG* ]]' _ "$RU_HOST" "$RU_PORT" 2>/dev/null
  fi
}

# ---------- MariaDB ----------

# ensure_mariadb URL EXPLICIT(0|1)
# Uses the MariaDB at URL's host:port if it answers. Otherwise (loopback URLs only) starts — or reuses —
# a private one under .data/mariadb on 127.0.0.1:$PRIVATE_MARIADB_PORT (root, empty password).
# A private instance started earlier by these scripts is preferred, so data stays where it was written.
# Sets MDB_HOST MDB_PORT MDB_USER MDB_PASSWORD MDB_PRIVATE(0|1) MDB_STARTED(0|1: started by this call).
ensure_mariadb() {
  local url=$1 explicit=${2:-0}
  parse_db_url "$url"
  MDB_PRIVATE=0 MDB_STARTED=0
  if pidfile_alive "$MARIADB_PIDFILE" mariadbd >/dev/null && mysql_ping 127.0.0.1 "$PRIVATE_MARIADB_PORT" root ''; then
    MDB_HOST=127.0.0.1 MDB_PORT=$PRIVATE_MARIADB_PORT MDB_USER=root MDB_PASSWORD='' MDB_PRIVATE=1
    ok "MariaDB: private instance 127.0.0.1:$MDB_PORT (.data/mariadb, started earlier)"
    return 0
  fi
  MDB_HOST=$DBU_HOST MDB_PORT=$DBU_PORT MDB_USER=$DBU_USER MDB_PASSWORD=$DBU_PASSWORD
  if mysql_ping "$MDB_HOST" "$MDB_PORT" "$MDB_USER" "$MDB_PASSWORD"; then
    ok "MariaDB: $MDB_USER@$MDB_HOST:$MDB_PORT answers"
    return 0
  fi
  if [ "$explicit" = 1 ] && ! is_loopback "$DBU_HOST"; then
    mysql_q "$MDB_HOST" "$MDB_PORT" "$MDB_USER" "$MDB_PASSWORD" -e 'SELECT 1' 2>&1 | tail -n 2 >&2 || true
    die "the MariaDB of DATABASE_URL ($DBU_HOST:$DBU_PORT) does not answer; fix DATABASE_URL or start it"
  fi
  log "no MariaDB answers at $DBU_HOST:$DBU_PORT as $DBU_USER; starting a private one on 127.0.0.1:$PRIVATE_MARIADB_PORT"
  start_private_mariadb
  MDB_HOST=127.0.0.1 MDB_PORT=$PRIVATE_MARIADB_PORT MDB_USER=root MDB_PASSWORD='' MDB_PRIVATE=1 MDB_STARTED=1
}

start_private_mariadb() {
  local port=$PRIVATE_MARIADB_PORT user_opt=() owner datadir=$MARIADB_DIR/data sock pid t0 i
  if ! have mariadbd && [ ! -x /usr/sbin/mariadbd ]; then apt_install mariadb-server; fi
  have mariadb || have mysql || apt_install mariadb-client
  local mariadbd_bin install_db
  mariadbd_bin=$(command -v mariadbd || echo /usr/sbin/mariadbd)
  install_db=$(command -v mariadb-install-db || command -v mysql_install_db) || die "mariadb-install-db not found (apt-get install mariadb-server)"
  if port_busy "$port"; then
    die "port $port is taken by another process and is not a MariaDB usable as root/empty password; set SCAIDNS_PRIVATE_MARIADB_PORT or DATABASE_URL"
  fi
  # mariadbd refuses to run as root: as root run it as `mysql` (created by the Debian package).
  if [ "$(id -u)" = 0 ]; then
    if id mysql >/dev/null 2>&1; then owner=mysql; else owner=root; fi
    user_opt=(--user="$owner")
  else
    owner=$(id -un)
  fi
  mkdir -p "$MARIADB_DIR" "$LOG_DIR" "$RUN_DIR"
  # unix sockets are limited to ~107 bytes; fall back to /tmp for deep checkouts
  sock=$MARIADB_DIR/mysqld.sock
  [ ${#sock} -lt 100 ] || sock=/tmp/scaidns-mariadb-$(id -u)-$port.sock
  if [ ! -d "$datadir/mysql" ]; then
    log "initialising $datadir (mariadb-install-db)"
    rm -rf "$datadir"
    mkdir -p "$datadir"
    [ "$(id -u)" != 0 ] || chown -R "$owner" "$MARIADB_DIR"
    "$install_db" --no-defaults "${user_opt[@]}" --datadir="$datadir" --auth-root-authentication-method=normal \
      --skip-test-db --skip-name-resolve >"$LOG_DIR/mariadb-install.log" 2>&1 ||
      { tail_log mariadb-install-db "$LOG_DIR/mariadb-install.log"; die "mariadb-install-db failed"; }
  fi
  [ "$(id -u)" != 0 ] || chown -R "$owner" "$MARIADB_DIR"
  t0=$(now_ms)
  start_bg "$MARIADB_PIDFILE" "$LOG_DIR/mariadb.log" "$mariadbd_bin" --no-defaults "${user_opt[@]}" \
    --datadir="$datadir" --socket="$sock" --pid-file="$MARIADB_DIR/mariadbd.pid" \
    --port="$port" --bind-address=127.0.0.1 --skip-name-resolve --innodb-buffer-pool-size=128M \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci
  pid=$(read_pid "$MARIADB_PIDFILE")
  for ((i = 0; i < 600; i++)); do
    mysql_ping 127.0.0.1 "$port" root '' && break
    pid_alive "$pid" || { tail_log mariadb "$LOG_DIR/mariadb.log"; rm -f "$MARIADB_PIDFILE"; die "private MariaDB exited during startup"; }
    sleep 0.1
  done
  mysql_ping 127.0.0.1 "$port" root '' || { tail_log mariadb "$LOG_DIR/mariadb.log"; die "private MariaDB not ready after 60 s"; }
  ok "MariaDB: private instance on 127.0.0.1:$port ready in $(($(now_ms) - t0)) ms (pid $pid, data in $datadir)"
}

stop_private_mariadb() { stop_pidfile "private MariaDB" "$MARIADB_PIDFILE" mariadbd 60; }

# ---------- Redis ----------

# ensure_redis URL EXPLICIT(0|1) — like ensure_mariadb. Sets RDS_URL RDS_PRIVATE RDS_STARTED.
ensure_redis() {
  local url=$1 explicit=${2:-0}
  RDS_PRIVATE=0 RDS_STARTED=0
  local private_url="redis://127.0.0.1:$PRIVATE_REDIS_PORT/0"
  if pidfile_alive "$REDIS_PIDFILE" redis-server >/dev/null && redis_ping "$private_url"; then
    RDS_URL=$private_url RDS_PRIVATE=1
    ok "Redis: private instance 127.0.0.1:$PRIVATE_REDIS_PORT (started earlier)"
    return 0
  fi
  if redis_ping "$url"; then
    RDS_URL=$url
    parse_redis_url "$url"
    ok "Redis: $RU_HOST:$RU_PORT answers"
    return 0
  fi
  parse_redis_url "$url"
  if [ "$explicit" = 1 ] && ! is_loopback "$RU_HOST"; then
    die "the Redis of REDIS_URL ($RU_HOST:$RU_PORT) does not answer; fix REDIS_URL or start it"
  fi
  log "no Redis answers at $RU_HOST:$RU_PORT; starting a private one on 127.0.0.1:$PRIVATE_REDIS_PORT"
  start_private_redis
  RDS_URL=$private_url RDS_PRIVATE=1 RDS_STARTED=1
}

start_private_redis() {
  local port=$PRIVATE_REDIS_PORT pid i t0
  have redis-server || apt_install redis-server
  port_busy "$port" && die "port $port is taken by another process that is not a usable Redis; set SCAIDNS_PRIVATE_REDIS_PORT or REDIS_URL"
  mkdir -p "$REDIS_DIR" "$LOG_DIR"
  t0=$(now_ms)
  start_bg "$REDIS_PIDFILE" "$LOG_DIR/redis.log" "$(command -v redis-server)" \
    --bind 127.0.0.1 --port "$port" --save '' --appendonly no --dir "$REDIS_DIR" --daemonize no
  pid=$(read_pid "$REDIS_PIDFILE")
  for ((i = 0; i < 300; i++)); do
    redis_ping "redis://127.0.0.1:$port/0" && break
    pid_alive "$pid" || { tail_log redis "$LOG_DIR/redis.log"; rm -f "$REDIS_PIDFILE"; die "private Redis exited during startup"; }
    sleep 0.1
  done
  redis_ping "redis://127.0.0.1:$port/0" || die "private Redis not ready after 30 s"
  ok "Redis: private instance on 127.0.0.1:$port ready in $(($(now_ms) - t0)) ms (pid $pid)"
}

stop_private_redis() { stop_pidfile "private Redis" "$REDIS_PIDFILE" redis-server 15; }
