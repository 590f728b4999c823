# shellcheck shell=bash disable=SC2034  # (variables are used by the scripts that source this)
# scripts/lib/common.sh — helpers shared by up.sh, down.sh, test.sh (sourced, never executed).
#
# Conventions: every helper is safe under `set -euo pipefail`; diagnostics go to stderr;
# nothing here talks to anything but 127.0.0.1 / the configured local services.

# Repo root and the project's state folder (.data is git-ignored).
SCAIDNS_ROOT=${SCAIDNS_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
DATA_DIR=${SCAIDNS_DATA_DIR:-$SCAIDNS_ROOT/.data}
case "$DATA_DIR" in /*) ;; *) DATA_DIR=$PWD/$DATA_DIR ;; esac
RUN_DIR=$DATA_DIR/run
LOG_DIR=$DATA_DIR/logs
# swagger-ui-dist pulls @scarf/scarf, whose install script phones home: never let it.
export SCARF_ANALYTICS=false DO_NOT_TRACK=1
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false

LOG_PREFIX=${LOG_PREFIX:-scaidns}
if [ -t 2 ] && [ -z "${NO_COLOR:-}" ]; then
  _C_DIM=$'\e[2m' _C_RED=$'\e[31m' _C_YEL=$'\e[33m' _C_GRN=$'\e[32m' _C_BLD=$'\e[1m' _C_OFF=$'\e[0m'
else
  _C_DIM='' _C_RED='' _C_YEL='' _C_GRN='' _C_BLD='' _C_OFF=''
fi

log() { printf '%s%s:%s %s\n' "$_C_DIM" "$LOG_PREFIX" "$_C_OFF" "$*" >&2; }
ok() { printf '%s%s:%s %s✔%s %s\n' "$_C_DIM" "$LOG_PREFIX" "$_C_OFF" "$_C_GRN" "$_C_OFF" "$*" >&2; }
warn() { printf '%s%s: WARNING:%s %s\n' "$_C_YEL" "$LOG_PREFIX" "$_C_OFF" "$*" >&2; }
die() { printf '%s%s: ERROR:%s %s\n' "$_C_RED" "$LOG_PREFIX" "$_C_OFF" "$*" >&2; exit 1; }
step() { printf '\n%s==> %s%s\n' "$_C_BLD" "$*" "$_C_OFF" >&2; }

have() { command -v "$1" >/dev/null 2>&1; }

now_ms() { date +%s%3N; }

# as_root CMD... — run as root: directly when we are root, else via sudo (if present).
as_root() {
  if [ "$(id -u)" = 0 ]; then
    "$@"
  elif have sudo; then
    sudo "$@"
  else
    die "need root to run '$*' (no sudo available); run it yourself and retry"
  fi
}

# pkg_installed PKG — 0 if the Debian package is installed.
pkg_installed() {
  [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" = "install ok installed" ]
}

# apt_install PKG... — install Debian packages (no recommends). Runs `apt-get update` first when the
# package lists are missing, and once more if the install fails (stale lists).
apt_install() {
  [ $# -gt 0 ] || return 0
  have apt-get || die "cannot install $* automatically: apt-get not found (this script targets Debian 12); install them yourself"
  local -a env=(env DEBIAN_FRONTEND=noninteractive)
  if ! compgen -G '/var/lib/apt/lists/*_Packages' >/dev/null; then
    log "apt-get update (package lists are empty)"
    as_root "${env[@]}" apt-get update -qq >&2 || die "apt-get update failed"
  fi
  log "apt-get install --no-install-recommends $*"
  if ! as_root "${env[@]}" apt-get install -y -qq --no-install-recommends "$@" >&2; then
    log "install failed; refreshing package lists and retrying"
    as_root "${env[@]}" apt-get update -qq >&2 || die "apt-get update failed"
    as_root "${env[@]}" apt-get install -y -qq --no-install-recommends "$@" >&2 || die "apt-get install $* failed"
  fi
}

# gen_secret [BYTES] — random hex string (default 32 bytes -> 64 chars).
gen_secret() {
  local n=${1:-32}
  if have od; then
    od -An -N"$n" -tx1 /dev/urandom | tr -d ' \n'
  else
    node -e 'process.stdout.write(require("crypto").randomBytes(+process.argv[1]).toString("hex"))' "$n"
  fi
}

# shell_quote VALUE — single-quoted form that any POSIX shell reads back verbatim.
shell_quote() { printf "'%s'" "${1//\'/\'\\\'\'}"; }

# ---------- processes ----------

# read_pid PIDFILE — prints the pid stored in PIDFILE if it is a number.
read_pid() {
  local pid
  [ -f "$1" ] || return 1
  pid=$(tr -dc '0-9' <"$1" 2>/dev/null) || return 1
  [ -n "$pid" ] || return 1
  echo "$pid"
}

# running PID — 0 if PID exists and is not a zombie (an exited child of ours that PID 1 has not reaped yet:
# on some machines init reaps only every second or two, and kill -0 still succeeds on a zombie).
running() {
  local st=''
  kill -0 "$1" 2>/dev/null || return 1
  st=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
  st=${st##*) } # the state follows the last ')' (the command name may contain spaces)
  [ "${st%% *}" != Z ]
}

# pid_alive PID [MATCH] — 0 if PID runs and (when MATCH is given) its command line contains MATCH
# (a fixed string). The MATCH check protects against pids recycled by another program.
pid_alive() {
  local pid=$1 match=${2:-} cmd
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  running "$pid" || return 1
  [ -n "$match" ] || return 0
  cmd=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
  [[ "$cmd" == *"$match"* ]]
}

# pidfile_alive PIDFILE [MATCH] — prints the pid and returns 0 if the recorded process still runs.
pidfile_alive() {
  local pid
  pid=$(read_pid "$1") || return 1
  pid_alive "$pid" "${2:-}" || return 1
  echo "$pid"
}

# stop_pid NAME PID [TIMEOUT_S] — TERM, wait, then KILL.
stop_pid() {
  local name=$1 pid=$2 timeout=${3:-15} i
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < timeout * 10; i++)); do
    running "$pid" || return 0
    sleep 0.1
  done
  warn "$name (pid $pid) still running after ${timeout}s; sending KILL"
  kill -KILL "$pid" 2>/dev/null || true
  sleep 0.2
}

# stop_pidfile NAME PIDFILE [MATCH] [TIMEOUT_S] — stop the process recorded in PIDFILE (only if it is
# still the process we started, see pid_alive), then remove the pid file. Quiet when nothing runs.
stop_pidfile() {
  local name=$1 pidfile=$2 match=${3:-} timeout=${4:-15} pid
  if pid=$(pidfile_alive "$pidfile" "$match"); then
    log "stopping $name (pid $pid)"
    stop_pid "$name" "$pid" "$timeout"
  fi
  rm -f "$pidfile"
}

# start_bg PIDFILE LOGFILE CMD... — start CMD detached from this terminal (own session, so Ctrl-C in
# the terminal does not reach it; the scripts stop it explicitly), append its output to LOGFILE and
# record its pid. fd 9 (the up.sh lock) is closed for the child.
start_bg() {
  local pidfile=$1 logfile=$2
  shift 2
  mkdir -p "$(dirname "$pidfile")" "$(dirname "$logfile")"
  nohup setsid "$@" >>"$logfile" 2>&1 </dev/null 9>&- &
  echo $! >"$pidfile"
}

# tail_log NAME FILE [LINES] — print the last lines of a log to stderr, framed.
tail_log() {
  local name=$1 file=$2 n=${3:-40}
  [ -f "$file" ] || { log "($name: no log file $file)"; return 0; }
  printf '%s----- last %s lines of %s (%s) -----%s\n' "$_C_DIM" "$n" "$name" "$file" "$_C_OFF" >&2
  tail -n "$n" "$file" >&2 || true
  printf '%s----- end of %s -----%s\n' "$_C_DIM" "$name" "$_C_OFF" >&2
}

# ---------- network ----------

# http_code URL [HEADER]... — prints the HTTP status (000 when unreachable). Loopback use only.
http_code() {
  local url=$1
  shift
  if have curl; then
    local -a hdr=()
    local h
    for h in "$@"; do hdr+=(-H "$h"); done
    curl -s -o /dev/null -m 3 -w '%{http_code}' "${hdr[@]}" "$url" 2>/dev/null || true
  else
    node -e '
      const [url, ...hs] = process.argv.slice(1);
      const headers = Object.fromEntries(hs.map((h) => [h.slice(0, h.indexOf(":")).trim(), h.slice(h.indexOf(":") + 1).trim()]));
      fetch(url, { headers, signal: AbortSignal.timeout(3000) }).then((r) => console.log(r.status), () => console.log("000"));' \
      "$url" "$@"
  fi
}

# http_get URL — prints the body (empty when unreachable).
http_get() {
  if have curl; then
    curl -s -m 3 "$1" 2>/dev/null || true
  else
    node -e 'fetch(process.argv[1],{signal:AbortSignal.timeout(3000)}).then(r=>r.text()).then(t=>process.stdout.write(t),()=>{})' "$1"
  fi
}

# wait_for_http URL EXPECTED_CODE TIMEOUT_S [PIDFILE:NAME]... — poll until URL answers EXPECTED_CODE.
# Fails early (return 2, prints "dead NAME" on stdout) if a watched process dies; return 1 on timeout.
wait_for_http() {
  local url=$1 want=$2 timeout=$3 code='' deadline w
  shift 3
  deadline=$(($(date +%s) + timeout))
  while :; do
    code=$(http_code "$url")
    [ "$code" = "$want" ] && return 0
    for w in "$@"; do
      if ! pidfile_alive "${w%%:*}" >/dev/null; then
        echo "dead ${w#*:}"
        return 2
      fi
    done
    if [ "$(date +%s)" -ge "$deadline" ]; then
      echo "timeout $code"
      return 1
    fi
    sleep 0.25
  done
}

# port_busy PORT — 0 if something listens on that TCP/UDP port (any local address).
port_busy() {
  local p=$1
  if have ss; then
    ss -Hlntu 2>/dev/null | awk '{print $5}' | grep -q ":$p\$"
  else
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null
  fi
}

# is_loopback HOST
is_loopback() { case "$1" in 127.* | localhost | ::1 | '[::1]') return 0 ;; *) return 1 ;; esac; }

# ---------- up.sh lock ----------
# take_lock NAME — one up/down at a time per checkout (flock on fd 9; children get fd 9 closed).
take_lock() {
  have flock || return 0
  mkdir -p "$RUN_DIR"
  exec 9>"$RUN_DIR/$1.lock"
  flock -w 120 9 || die "another scaidns script holds $RUN_DIR/$1.lock (waited 120 s)"
}
release_lock() { if have flock; then exec 9>&-; fi; }
