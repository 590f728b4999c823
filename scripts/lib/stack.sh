# shellcheck shell=bash
# scripts/lib/stack.sh — the app-side steps of up.sh (sourced after common.sh and services.sh):
# caller environment, secrets, stack.env, build check, CLI, dev IdP, API/worker processes, bootstrap key.

STACK_CJS=${STACK_CJS:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/stack.cjs}

# ---------- the caller's environment ----------
# Every app variable is listed in .env.example (kept in sync with src/config/load-config.ts). The values the
# caller exported are remembered before up.sh exports anything, so `caller_has` means "the developer set it".
declare -gA CALLER_ENV=()
APP_VARS=()
capture_caller_env() {
  local v
  mapfile -t APP_VARS < <(sed -nE 's/^#? ?([A-Z][A-Z0-9_]*)=.*/\1/p' "$SCAIDNS_ROOT/.env.example" 2>/dev/null | sort -u)
  [ ${#APP_VARS[@]} -gt 0 ] || APP_VARS=(DATABASE_URL REDIS_URL SCAIKEY_URL SCAIKEY_CLIENT_ID SCAIKEY_CLIENT_SECRET SCAIKEY_WEBHOOK_SECRET)
  for v in "${APP_VARS[@]}"; do
    if [ -n "${!v:-}" ]; then CALLER_ENV[$v]=${!v}; fi
  done
}
caller_has() { [ -n "${CALLER_ENV[$1]+x}" ]; }
caller_or() { if caller_has "$1"; then printf '%s' "${CALLER_ENV[$1]}"; else printf '%s' "$2"; fi; }

urlencode() { node -e 'process.stdout.write(encodeURIComponent(process.argv[1]))' "$1"; }

# ---------- secrets (generated once, reused, mode 600) ----------
SECRET_VARS=(PDNS_API_KEY SESSION_SECRET API_KEY_PEPPER SCAIKEY_WEBHOOK_SECRET)
env_file_get() { # env_file_get FILE KEY — value of KEY after sourcing FILE in a subshell
  [ -f "$1" ] || return 0
  (
    set +u
    # shellcheck disable=SC1090
    . "$1"
    printf '%s' "${!2:-}"
  )
}
ensure_secrets() {
  local file=$1 v added=()
  (umask 077 && touch "$file")
  chmod 600 "$file"
  for v in "${SECRET_VARS[@]}"; do
    if [ -z "$(env_file_get "$file" "$v")" ]; then
      printf '%s=%s\n' "$v" "$(shell_quote "$(gen_secret 32)")" >>"$file"
      added+=("$v")
    fi
  done
  if [ ${#added[@]} -gt 0 ]; then
    ok "generated ${added[*]} in ${file#"$SCAIDNS_ROOT"/} (mode 600, kept across runs)"
  else
    ok "secrets reused from ${file#"$SCAIDNS_ROOT"/}"
  fi
}

# ---------- build ----------
# needs_build — dist/src/main.js missing, or any source/config newer than it (cheap mtime check).
needs_build() {
  local ref=dist/src/main.js f
  [ -f "$ref" ] || return 0
  for f in package-lock.json package.json tsconfig.json tsconfig.build.json nest-cli.json; do
    [ -f "$f" ] && [ "$f" -nt "$ref" ] && return 0
  done
  [ -n "$(find src migrations -newer "$ref" -type f -print -quit 2>/dev/null)" ]
}

# require_dist NAME WHAT — dist/src/NAME.js must exist (others build it; fail with a clear message here).
require_dist() {
  [ -f "$SCAIDNS_ROOT/dist/src/$1.js" ] && return 0
  die "dist/src/$1.js not found: $2 is not part of the build yet (npm run build produced no src/$1.ts output). Nothing else is wrong with the stack; rerun \`npm run up\` once src/$1.ts exists."
}

# ---------- stack.env ----------
# write_stack_env FILE — every app variable, single-quoted, mode 600. Controlled values first, then whatever
# else the caller exported (passed through untouched).
write_stack_env() {
  local file=$1 tmp v
  local -A env=()
  env[ENVIRONMENT]=development
  env[HOST]=127.0.0.1
  env[PORT]=$API_PORT
  env[EXTERNAL_URL]=$API_URL
  env[DATABASE_URL]=$DATABASE_URL_EFF
  # DATABASE_MIGRATE_ON_START keeps the app's development default (true): up.sh runs `cli.js migrate` before the
  # API/worker start anyway, so they find nothing pending.
  env[REDIS_URL]=$RDS_URL
  env[REDIS_KEY_PREFIX]=$(caller_or REDIS_KEY_PREFIX 'scaidns:')
  env[PDNS_API_URL]=$PDNS_API_URL_EFF
  env[PDNS_API_KEY]=$PDNS_API_KEY_EFF
  env[SESSION_SECRET]=$(env_file_get "$DATA_DIR/secrets.env" SESSION_SECRET)
  env[API_KEY_PEPPER]=$(env_file_get "$DATA_DIR/secrets.env" API_KEY_PEPPER)
  if [ "$IDP_MANAGED" = 1 ]; then
    env[SCAIKEY_URL]=$IDP_URL
    env[SCAIKEY_CLIENT_ID]=scaidns
    env[SCAIKEY_CLIENT_SECRET]=scaidns-dev-secret
    env[SCAIKEY_WEBHOOK_SECRET]=$(env_file_get "$DATA_DIR/secrets.env" SCAIKEY_WEBHOOK_SECRET)
    if [ -f "$RUN_DIR/idp.json" ] && ! caller_has SCAIKEY_AUDIENCE; then
      v=$(node "$STACK_CJS" get "$RUN_DIR/idp.json" audience)
      [ -z "$v" ] || env[SCAIKEY_AUDIENCE]=$v
    fi
  else
    env[SCAIKEY_URL]=$(caller_or SCAIKEY_URL '')
    env[SCAIKEY_WEBHOOK_SECRET]=$(caller_or SCAIKEY_WEBHOOK_SECRET "$(env_file_get "$DATA_DIR/secrets.env" SCAIKEY_WEBHOOK_SECRET)")
  fi
  # DNS lookups (delegation / TXT validation) must never leave this machine in dev: loopback resolvers only.
  env[DNS_RESOLVERS]="127.0.0.1:$PDNS_DNS_PORT"
  if caller_has DNS_RESOLVERS; then
    if grep -qvE '^(127\.[0-9.]+|\[::1\]|::1)(:[0-9]+)?$' <<<"$(caller_or DNS_RESOLVERS '' | tr ',' '\n' | sed 's/^ *//;s/ *$//')"; then
      warn "ignoring DNS_RESOLVERS=$(caller_or DNS_RESOLVERS ''): the dev stack only queries loopback resolvers"
    else
      env[DNS_RESOLVERS]=$(caller_or DNS_RESOLVERS '')
    fi
  fi
  env[PLATFORM_NAMESERVERS]=$(caller_or PLATFORM_NAMESERVERS 'ns1.scaidns.test.,ns2.scaidns.test.')
  env[METRICS_ENABLED]=$(caller_or METRICS_ENABLED true)
  env[LOG_FORMAT]=$(caller_or LOG_FORMAT text)

  for v in "${!CALLER_ENV[@]}"; do
    [ -n "${env[$v]+x}" ] || env[$v]=${CALLER_ENV[$v]}
  done

  tmp="$file.tmp.$$"
  (
    umask 077
    {
      echo "# generated by scripts/up.sh — do not edit (rerun npm run up; export a variable before it to change it)."
      echo "# Contains secrets (mode 600). Load it into a shell with: set -a; . ${file#"$SCAIDNS_ROOT"/}; set +a"
      for v in $(printf '%s\n' "${!env[@]}" | sort); do
        printf '%s=%s\n' "$v" "$(shell_quote "${env[$v]}")"
      done
    } >"$tmp"
  )
  # keep the file (and its mtime) when nothing changed
  if cmp -s "$tmp" "$file"; then rm -f "$tmp"; else mv "$tmp" "$file"; fi
}

# with_stack_env CMD... — run CMD with .data/stack.env loaded.
with_stack_env() {
  (
    set -a
    # shellcheck disable=SC1091
    . "$DATA_DIR/stack.env"
    set +a
    exec "$@"
  )
}
run_cli() { with_stack_env node "$SCAIDNS_ROOT/dist/src/cli.js" "$@"; }

# ---------- dev IdP ----------
ensure_idp() {
  local server=$SCAIDNS_ROOT/tools/idp/server.mjs pidfile=$RUN_DIR/idp.pid log=$LOG_DIR/idp.log pid i line disc t0 fp
  [ -f "$server" ] || die "tools/idp/server.mjs not found: the dev identity provider is not in this checkout yet (or set SCAIKEY_URL to a real ScaiKey)"
  local -a idp_env=(IDP_PORT="$IDP_PORT" IDP_HOST=127.0.0.1 IDP_STATE_DIR="$DATA_DIR/idp"
    IDP_WEBHOOK_URL="$API_URL/api/v1/webhooks/scaikey"
    IDP_WEBHOOK_SECRET="$(env_file_get "$DATA_DIR/secrets.env" SCAIKEY_WEBHOOK_SECRET)")
  fp=$(printf '%s\n' "${idp_env[@]}" | sha256sum | cut -c1-32)
  if pid=$(pidfile_alive "$pidfile" "$server"); then
    # keep it unless its code (tools/idp/*) or its environment changed, or it stopped answering
    if [ -f "$RUN_DIR/idp.json" ] && [ "$(cat "$RUN_DIR/idp.fingerprint" 2>/dev/null)" = "$fp" ] &&
      [ -z "$(find "$SCAIDNS_ROOT/tools/idp" -type f -newer "$pidfile" -print -quit 2>/dev/null)" ] &&
      [ "$(http_code "$(node "$STACK_CJS" get "$RUN_DIR/idp.json" discovery_url)")" = 200 ]; then
      ok "dev IdP already running (pid $pid, $IDP_URL)"
      return 0
    fi
    log "restarting the dev IdP (code or settings changed, or not answering)"
    stop_pidfile "dev IdP" "$pidfile" "$server"
  fi
  rm -f "$pidfile" "$RUN_DIR/idp.json"
  port_busy "$IDP_PORT" && die "port $IDP_PORT is in use by another process; the dev IdP needs it (or set SCAIDNS_IDP_PORT)"
  mkdir -p "$DATA_DIR/idp"
  [ ! -f "$log" ] || mv -f "$log" "$log.prev"
  t0=$(now_ms)
  start_bg "$pidfile" "$log" env "${idp_env[@]}" node "$server"
  echo "$fp" >"$RUN_DIR/idp.fingerprint"
  pid=$(read_pid "$pidfile")
  for ((i = 0; i < 300; i++)); do
    if line=$(node "$STACK_CJS" idp-line "$log"); then break; fi
    pid_alive "$pid" || { tail_log idp "$log"; rm -f "$pidfile"; die "the dev IdP exited during startup"; }
    sleep 0.1
  done
  [ -n "${line:-}" ] || { tail_log idp "$log"; die "the dev IdP printed no ready line within 30 s"; }
  printf '%s\n' "$line" >"$RUN_DIR/idp.json"
  chmod 600 "$RUN_DIR/idp.json"
  disc=$(node "$STACK_CJS" get "$RUN_DIR/idp.json" discovery_url)
  [ "$(http_code "$disc")" = 200 ] || warn "the dev IdP's discovery URL $disc does not answer 200 yet"
  ok "dev IdP ready in $(($(now_ms) - t0)) ms (pid $pid, issuer $(node "$STACK_CJS" get "$RUN_DIR/idp.json" issuer))"
}

# ---------- API / worker ----------
# app_fingerprint ENTRY — changes when the build or the environment changes (then the process is restarted).
app_fingerprint() {
  { cat "$DATA_DIR/stack.env"; stat -c %Y "$1"; } | sha256sum | cut -c1-32
}

# ensure_app_process NAME ENTRY LOG — start `node ENTRY` with stack.env, unless it already runs with the same
# build and environment.
ensure_app_process() {
  local name=$1 entry=$2 log=$3 pidfile=$RUN_DIR/$1.pid fp pid
  fp=$(app_fingerprint "$entry")
  if pid=$(pidfile_alive "$pidfile" "$entry"); then
    if [ "$(cat "$RUN_DIR/$name.fingerprint" 2>/dev/null)" = "$fp" ]; then
      ok "$name already running (pid $pid)"
      return 0
    fi
    log "$name: build or environment changed; restarting"
    stop_pidfile "$name" "$pidfile" "$entry" 20
  fi
  rm -f "$pidfile"
  if [ "$name" = api ] && port_busy "$API_PORT"; then
    die "port $API_PORT is in use by another process; stop it (or set SCAIDNS_API_PORT)"
  fi
  printf '\n===== %s start %s =====\n' "$name" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" >>"$log"
  # shellcheck disable=SC2016
  start_bg "$pidfile" "$log" bash -c 'set -a; . "$1"; set +a; exec node "$2"' _ "$DATA_DIR/stack.env" "$entry"
  echo "$fp" >"$RUN_DIR/$name.fingerprint"
  ok "$name started (pid $(read_pid "$pidfile"), log ${log#"$SCAIDNS_ROOT"/})"
}

# ---------- bootstrap key ----------
# Runs `cli.js bootstrap --json [--reuse-key KEY]` with the key kept in stack.json; sets API_KEY, API_KEY_CREATED.
bootstrap_api_key() {
  local stored='' out parsed created key
  [ -f "$DATA_DIR/stack.json" ] && stored=$(node "$STACK_CJS" get "$DATA_DIR/stack.json" api_key)
  local -a args=(bootstrap --json)
  [ -z "$stored" ] || args+=(--reuse-key "$stored")
  out=$(run_cli "${args[@]}" 2>>"$LOG_DIR/bootstrap.log") ||
    { printf '%s\n' "$out" >>"$LOG_DIR/bootstrap.log"; tail_log bootstrap "$LOG_DIR/bootstrap.log"; die "\`node dist/src/cli.js bootstrap --json\` failed"; }
  printf '%s\n' "$out" >>"$LOG_DIR/bootstrap.log"
  parsed=$(node "$STACK_CJS" bootstrap <<<"$out") || die "\`cli.js bootstrap --json\` printed no JSON line with api_key (see ${LOG_DIR#"$SCAIDNS_ROOT"/}/bootstrap.log)"
  read -r created key <<<"$parsed"
  API_KEY_CREATED=$created
  if [ "$key" != null ]; then
    API_KEY=$key
    if [ "$created" = true ]; then ok "bootstrap platform admin created"; else ok "bootstrap API key issued"; fi
  elif [ -n "$stored" ]; then
    API_KEY=$stored
    ok "bootstrap platform admin exists; reusing the key kept in .data/stack.json"
  else
    API_KEY=''
    warn "a platform admin already exists and its key cannot be shown again (no key stored in .data/stack.json)"
  fi
}

write_stack_json() {
  STACK_API_URL=$API_URL STACK_API_KEY=$API_KEY STACK_API_KEY_CREATED=${API_KEY_CREATED:-false} \
    STACK_PDNS_API_URL=$PDNS_API_URL_EFF STACK_PDNS_API_KEY=$PDNS_API_KEY_EFF STACK_PDNS_DNS_PORT=$PDNS_DNS_PORT \
    STACK_SCAIKEY_URL=$(env_file_get "$DATA_DIR/stack.env" SCAIKEY_URL) \
    STACK_DISCOVERY_URL=$(caller_or SCAIKEY_DISCOVERY_URL "$(env_file_get "$DATA_DIR/stack.env" SCAIKEY_URL)/api/v1/platform/oauth/.well-known/openid-configuration") \
    STACK_IDP_JSON=$(if [ "$IDP_MANAGED" = 1 ]; then echo "$RUN_DIR/idp.json"; fi) \
    STACK_DATABASE_URL=$DATABASE_URL_EFF STACK_REDIS_URL=$RDS_URL \
    STACK_PRIVATE_MARIADB=$MDB_PRIVATE STACK_PRIVATE_REDIS=$RDS_PRIVATE \
    STACK_ENV_FILE=${DATA_DIR#"$SCAIDNS_ROOT"/}/stack.env STACK_LOG_DIR=${LOG_DIR#"$SCAIDNS_ROOT"/} \
    STACK_PDNS_LOG=${DATA_DIR#"$SCAIDNS_ROOT"/}/pdns/pdns.log \
    node "$STACK_CJS" write "$1"
}
