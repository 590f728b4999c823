#!/bin/bash
# Runs once, when the mariadb container initialises an empty data volume (docker-entrypoint-initdb.d).
# The app database and user come from MARIADB_DATABASE / MARIADB_USER / MARIADB_PASSWORD; this adds the
# separate PowerDNS database and its own user (never share the app database with PowerDNS).
# It may be sourced or executed by the image's entrypoint, so it sets no shell options and uses the socket.
pdns_db=${PDNS_DB_NAME:-scaidns_pdns}
pdns_user=${PDNS_DB_USER:-pdns}
if [ -z "${PDNS_DB_PASSWORD:-}" ]; then
  echo "10-pdns-database.sh: PDNS_DB_PASSWORD is not set" >&2
  exit 1
fi
case "$pdns_db$pdns_user" in *[!A-Za-z0-9_]*) echo "10-pdns-database.sh: PDNS_DB_NAME/PDNS_DB_USER must match [A-Za-z0-9_]+" >&2; exit 1 ;; esac
pw_sql=${PDNS_DB_PASSWORD//\\/\\\\}
pw_sql=${pw_sql//\'/\\\'}
echo "10-pdns-database.sh: creating database $pdns_db and user $pdns_user" >&2
mariadb --protocol=socket -uroot -p"${MARIADB_ROOT_PASSWORD}" <<SQL
CREATE DATABASE IF NOT EXISTS \`${pdns_db}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS '${pdns_user}'@'%' IDENTIFIED BY '${pw_sql}';
GRANT ALL PRIVILEGES ON \`${pdns_db}\`.* TO '${pdns_user}'@'%';
FLUSH PRIVILEGES;
SQL
