#!/usr/bin/env bash
# Tries this checkout as a newcomer would, from a fresh clone, with only the README's two
# commands: `npm start` (waits for /health to answer ok, then stops it with Ctrl+C's signal)
# and `npm test`. Two newcomers, as in docs/DEVELOPING.md ("Trying it as a newcomer"):
#   root      the clone in a mode-700 folder under /root, with an empty HOME
#   newbie    a fresh ordinary user (useradd -m hmsnewbie), the clone in its home
# Run as root (it creates the user and may remove Debian packages):
#   build/try-fresh-clone.sh [--remove-packages] [root] [newbie]
# --remove-packages first removes chromium, socat, poppler-utils and zbar-tools (dpkg, alone):
# as root, `npm test` must install what it needs by itself; the ordinary user must be stopped
# at once with the install line (exit code 2), after which this script reinstalls them as
# root straight away (other users of the machine need them) and runs `npm test` again.
# Ports: HMS_PORT / HMS_EMBEDDED_PG_PORT from the environment, or 7490 / 7491.
set -uo pipefail
[ "$(id -u)" = 0 ] || { echo "Run as root (it creates a user and may remove packages)." >&2; exit 2; }
src="$(cd "$(dirname "$0")/.." && pwd)"
branch="$(git -C "$src" rev-parse --abbrev-ref HEAD)"
remove=0
scenarios=()
for arg in "$@"; do
  case "$arg" in
    --remove-packages) remove=1 ;;
    root|newbie) scenarios+=("$arg") ;;
    *) echo "unknown argument: $arg" >&2; exit 2 ;;
  esac
done
[ ${#scenarios[@]} -gt 0 ] || scenarios=(root newbie)
http_port="${HMS_PORT:-7490}"
pg_port="${HMS_EMBEDDED_PG_PORT:-7491}"
user=hmsnewbie
packages=(chromium socat poppler-utils zbar-tools)
failures=0

say() { printf '[try] %s\n' "$*"; }
check() { if [ "$1" = "$2" ]; then say "ok: $3"; else say "FAILED: $3 (exit code $1, expected $2)"; failures=$((failures + 1)); fi; }

# A bundle of the current branch, readable by anyone: the clone owns its files whoever clones.
bundle="$(mktemp /tmp/hms-try-XXXXXX.bundle)"
git -C "$src" bundle create "$bundle" "$branch" 2>/dev/null
chmod 0644 "$bundle"

# The environment a newcomer's shell would have: a plain PATH, the machine's CA settings,
# the given HOME and nothing of this session's (no DATABASE_URL: npm start embeds PostgreSQL).
# Sets CMD to run "$@" so, as `who`.
newcomer_command() {
  local who="$1" home="$2"; shift 2
  CMD=(env -i "HOME=$home" "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" "LANG=C.UTF-8"
    "HMS_PORT=$http_port" "HMS_EMBEDDED_PG_PORT=$pg_port")
  [ -n "${NODE_EXTRA_CA_CERTS:-}" ] && CMD+=("NODE_EXTRA_CA_CERTS=$NODE_EXTRA_CA_CERTS")
  CMD+=("$@")
  [ "$who" = root ] || CMD=(runuser -u "$who" -- "${CMD[@]}")
}

as_newcomer() {
  local who="$1" home="$2" dir="$3"; shift 3
  newcomer_command "$who" "$home" "$@"
  (cd "$dir" && "${CMD[@]}")
}

# npm start in a session of its own; /health must answer ok; then SIGINT to all of it, as
# Ctrl+C in a terminal would, and the embedded PostgreSQL must be gone afterwards.
try_start() {
  local who="$1" home="$2" dir="$3" log="$4" started=$SECONDS
  newcomer_command "$who" "$home" npm start
  (cd "$dir" && exec setsid "${CMD[@]}") >"$log" 2>&1 &
  local pid=$!
  local health=''
  while kill -0 "$pid" 2>/dev/null && [ $((SECONDS - started)) -lt 900 ]; do
    health="$(curl -s --max-time 2 "http://127.0.0.1:$http_port/health" || true)"
    case "$health" in *'"status":"ok"'*) break ;; esac
    sleep 1
  done
  say "npm start: /health answered '$health' after $((SECONDS - started)) s (log: $log)"
  case "$health" in *'"status":"ok"'*) check 0 0 "npm start answers /health ok ($who)" ;; *) check 1 0 "npm start answers /health ok ($who)"; tail -n 20 "$log" ;; esac
  kill -INT -- "-$pid" 2>/dev/null
  wait "$pid"
  local code=$?
  for _ in $(seq 1 30); do pgrep -s "$pid" >/dev/null || break; sleep 1; done
  if pgrep -s "$pid" >/dev/null; then check 1 0 "npm start stopped with everything it started ($who)"; pkill -KILL -s "$pid"; else check 0 0 "npm start stopped with everything it started ($who; npm's exit code $code)"; fi
  [ ! -e "$dir/var/pg/postmaster.pid" ]
  check "$?" 0 "the embedded PostgreSQL stopped cleanly ($who)"
}

try_test() {
  local who="$1" home="$2" dir="$3" log="$4" expect="${5:-0}" started=$SECONDS
  as_newcomer "$who" "$home" "$dir" npm test >"$log" 2>&1
  local code=$?
  say "npm test: exit code $code after $((SECONDS - started)) s (log: $log)"
  sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -E '^ *(Test Files|Tests) |[0-9]+ passed \(|did not run' | sed 's/^/[try]   /'
  check "$code" "$expect" "npm test exits $expect ($who)"
  [ "$code" = "$expect" ] || tail -n 30 "$log"
}

removed=()
remove_packages() {
  if [ "$remove" = 1 ]; then
    # Only these packages: apt-get remove would take their dependents too (on this machine
    # socat takes mariadb-server and rabbitmq-server, which others are using), so dpkg removes
    # them alone and the reinstall below puts them back within a minute.
    mapfile -t removed < <(for p in "${packages[@]}"; do dpkg-query -W -f='${Status} ${Package}\n' "$p" 2>/dev/null; done | awk '/install ok installed/{print $4}')
    say "removing ${removed[*]}"
    [ ${#removed[@]} -gt 0 ] && dpkg --remove --force-depends "${removed[@]}" >/dev/null 2>&1
  fi
}

reinstall_packages() {
  [ ${#removed[@]} -gt 0 ] || return 0
  say "reinstalling ${removed[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${removed[@]}" >/dev/null 2>&1 || say "reinstall failed: run apt-get install -y ${removed[*]}"
}

for scenario in "${scenarios[@]}"; do
  case "$scenario" in
    root)
      base="$(mktemp -d /root/hms-try-XXXXXX)"  # mode 700: only root may enter
      mkdir -m 0700 "$base/home"
      git clone -q --branch "$branch" "$bundle" "$base/hms"
      say "root: clone in $base/hms (mode $(stat -c %a "$base")), HOME=$base/home (empty)"
      try_start root "$base/home" "$base/hms" "$base/start.log"
      remove_packages
      try_test root "$base/home" "$base/hms" "$base/test.log" 0
      [ "$remove" = 1 ] && reinstall_packages  # npm test installed only what it needs
      # The cluster npm start made outside the clone (the postgres user cannot enter /root).
      cluster="$(readlink "$base/hms/var/pg" 2>/dev/null || true)"
      case "$cluster" in /var/lib/hms-postgres/clusters/*) rm -rf "$cluster" ;; esac
      say "root: logs kept in $base (remove it when done)"
      ;;
    newbie)
      id "$user" >/dev/null 2>&1 && userdel -r "$user" >/dev/null 2>&1
      useradd -m -s /bin/bash "$user"
      home="/home/$user"
      runuser -u "$user" -- git clone -q --branch "$branch" "$bundle" "$home/hms"
      say "newbie: user $user (new, empty HOME), clone in $home/hms"
      try_start "$user" "$home" "$home/hms" "$home/start.log"
      if [ "$remove" = 1 ]; then
        remove_packages
        started=$SECONDS
        as_newcomer "$user" "$home" "$home/hms" npm test >"$home/test-missing.log" 2>&1
        code=$?
        took=$((SECONDS - started))
        reinstall_packages
        say "npm test without the packages: exit code $code after $took s:"
        sed 's/^/[try]   /' "$home/test-missing.log"
        check "$code" 2 "npm test stops with the install line ($user)"
        grep -q '^  sudo apt-get install -y chromium socat$' "$home/test-missing.log"
        check "$?" 0 "the install line names chromium and socat ($user)"
      fi
      try_test "$user" "$home" "$home/hms" "$home/test.log" 0
      say "newbie: logs kept in $home (userdel -r $user when done)"
      ;;
  esac
done
rm -f "$bundle"
say "$failures check(s) failed"
[ "$failures" = 0 ]
