#!/usr/bin/env bash
# Run a command with a PostgreSQL URL appended to its last argument:
# the server at $1 if it answers, else a throwaway cluster from the installed binaries.
set -euo pipefail
url=$1; shift
hostport=${url#*@}; hostport=${hostport%%/*}
host=${hostport%%:*}; port=${hostport##*:}
if pg_isready -q -h "$host" -p "$port" 2>/dev/null; then
  args=("$@"); last=$((${#args[@]} - 1)); args[$last]="${args[$last]}$url"
  exec "${args[@]}"
fi
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$PGBIN" ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi
dir=$(mktemp -d); chown postgres "$dir"; port=54329
stop() { runuser -u postgres -- "$PGBIN/pg_ctl" -D "$dir/data" stop -m fast >/dev/null 2>&1 || true; rm -rf "$dir"; }
trap stop EXIT
echo "no PostgreSQL on $host:$port; starting a throwaway cluster on 127.0.0.1:$port" >&2
runuser -u postgres -- "$PGBIN/initdb" -D "$dir/data" -U postgres -A trust --no-sync -E UTF8 >/dev/null
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
runuser -u postgres -- "$PGBIN/createdb" -h 127.0.0.1 -p "$port" -U postgres test
args=("$@"); last=$((${#args[@]} - 1))
args[$last]="${args[$last]}postgresql://postgres@127.0.0.1:$port/test"
"${args[@]}"
