#!/bin/sh
# pdns-entrypoint — wait for MariaDB, load the PowerDNS schema on first start, render pdns.conf, run pdns_server.
set -eu

: "${PDNS_API_KEY:?PDNS_API_KEY is required}"
: "${PDNS_DB_PASSWORD:?PDNS_DB_PASSWORD is required}"
export PDNS_API_KEY PDNS_DB_PASSWORD
export PDNS_DB_HOST="${PDNS_DB_HOST:-mariadb}"
export PDNS_DB_PORT="${PDNS_DB_PORT:-3306}"
export PDNS_DB_USER="${PDNS_DB_USER:-pdns}"
export PDNS_DB_NAME="${PDNS_DB_NAME:-scaidns_pdns}"
export PDNS_API_PORT="${PDNS_API_PORT:-8081}"
export PDNS_LOCAL_ADDRESS="${PDNS_LOCAL_ADDRESS:-0.0.0.0:53}"
export PDNS_WEBSERVER_ALLOW_FROM="${PDNS_WEBSERVER_ALLOW_FROM:-127.0.0.0/8,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,::1/128}"
export PDNS_DEFAULT_SOA_CONTENT="${PDNS_DEFAULT_SOA_CONTENT:-ns1.@ hostmaster.@ 0 10800 3600 604800 3600}"
export PDNS_CACHE_TTL="${PDNS_CACHE_TTL:-20}"
CONF_DIR=/etc/powerdns-scaidns

case "$PDNS_DB_NAME" in *[!A-Za-z0-9_]* | '') echo "pdns-entrypoint: PDNS_DB_NAME must match [A-Za-z0-9_]+" >&2; exit 1 ;; esac

sql() { MYSQL_PWD="$PDNS_DB_PASSWORD" mariadb --protocol=TCP -h "$PDNS_DB_HOST" -P "$PDNS_DB_PORT" -u "$PDNS_DB_USER" "$@"; }

echo "pdns-entrypoint: waiting for MariaDB at $PDNS_DB_HOST:$PDNS_DB_PORT" >&2
i=0
until sql -N -e 'SELECT 1' >/dev/null 2>&1; do
  i=$((i + 1))
  if [ "$i" -ge 120 ]; then sql -e 'SELECT 1' >&2 || true; echo "pdns-entrypoint: MariaDB not reachable after 60 s" >&2; exit 1; fi
  sleep 0.5
done

# The schema has no IF NOT EXISTS: load it only when none of the 7 tables exists; a partial schema is an error.
have=$(sql -N -e "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema='$PDNS_DB_NAME' AND table_name IN ('domains','records','domainmetadata','cryptokeys','comments','tsigkeys','supermasters')")
if [ "$have" = 0 ]; then
  echo "pdns-entrypoint: loading the PowerDNS schema into $PDNS_DB_NAME" >&2
  sql "$PDNS_DB_NAME" </usr/share/pdns-backend-mysql/schema/schema.mysql.sql
elif [ "$have" != 7 ]; then
  echo "pdns-entrypoint: database $PDNS_DB_NAME has a partial PowerDNS schema ($have/7 tables); fix it by hand" >&2
  exit 1
fi

# shellcheck disable=SC2016  # the variable list for envsubst is literal on purpose
envsubst '${PDNS_DB_HOST} ${PDNS_DB_PORT} ${PDNS_DB_USER} ${PDNS_DB_PASSWORD} ${PDNS_DB_NAME} ${PDNS_LOCAL_ADDRESS} ${PDNS_API_KEY} ${PDNS_API_PORT} ${PDNS_WEBSERVER_ALLOW_FROM} ${PDNS_DEFAULT_SOA_CONTENT} ${PDNS_CACHE_TTL}' \
  <"$CONF_DIR/pdns.conf.template" >"$CONF_DIR/pdns.conf"
if [ -n "${PDNS_EXTRA_CONF:-}" ]; then printf '%s\n' "$PDNS_EXTRA_CONF" >>"$CONF_DIR/pdns.conf"; fi
chmod 600 "$CONF_DIR/pdns.conf"

echo "pdns-entrypoint: starting pdns_server (dns $PDNS_LOCAL_ADDRESS, api :$PDNS_API_PORT, db $PDNS_DB_NAME)" >&2
exec /usr/sbin/pdns_server --config-dir="$CONF_DIR" --daemon=no --guardian=no --disable-syslog --log-timestamp=no "$@"
