# shellcheck shell=bash
# A throwaway PostgreSQL on 127.0.0.1, for scripts/cluster.sh and bench/ (and pg_free_port for lint-openapi.sh).
# Source it (safe under `set -euo pipefail`), then:
#   pg_free_port            prints a free TCP port on 127.0.0.1
#   pg_temp_start DIR PORT  new cluster in DIR, listening on 127.0.0.1:PORT only, trust auth, database "oneday"
#   pg_temp_stop DIR        fast shutdown, then removes DIR
# Connect with: psql -h 127.0.0.1 -p PORT -U postgres -d oneday
# PostgreSQL refuses to run as root, so as root the server runs as the "postgres" OS user, which then owns DIR.
# Binaries: $PG_BIN if set, else /usr/lib/postgresql/15/bin, else the newest /usr/lib/postgresql/*/bin.

pg_bin_dir() {
  local bin=${PG_BIN:-}
  if [ -z "$bin" ]; then
    if [ -x /usr/lib/postgresql/15/bin/initdb ]; then
      bin=/usr/lib/postgresql/15/bin
    else
      bin=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    fi
  fi
  if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    echo "PostgreSQL server binaries not found; install them with: apt-get install -y postgresql" >&2
    return 1
  fi
  echo "$bin"
}

# Runs a command as the server's OS user, from a directory that user can read (initdb and pg_ctl
# complain when started from root's home).
pg_as_server_user() {
  if [ "$(id -u)" -eq 0 ]; then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

pg_free_port() {
  if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
    return
  fi
  # No python: probe random high ports until one refuses a connection.
  local port _
  for _ in $(seq 1 200); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  echo "pg_free_port: no free port found" >&2
  return 1
}

pg_temp_start() { # DIR PORT
  local dir=${1:?usage: pg_temp_start DIR PORT} port=${2:?usage: pg_temp_start DIR PORT} bin
  bin=$(pg_bin_dir) || return 1
  if [ -e "$dir/data" ]; then
    echo "pg_temp_start: $dir/data already exists; stop it first with pg_temp_stop $dir" >&2
    return 1
  fi
  mkdir -p "$dir"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres:postgres "$dir"
    if ! runuser -u postgres -- test -w "$dir"; then
      echo "pg_temp_start: the postgres user cannot write $dir (is a parent directory private?)" >&2
      return 1
    fi
  fi

  if ! pg_as_server_user "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C --no-sync \
    >"$dir/initdb.log" 2>&1; then
    cat "$dir/initdb.log" >&2
    return 1
  fi
  # The socket goes into DIR so that neither /var/run/postgresql nor another server's socket matters.
  # pg_ctl -w notices a postmaster that dies while starting (port taken, bad setting) instead of
  # waiting out the timeout; the pg_isready poll then confirms the TCP listener itself answers.
  if ! pg_as_server_user "$bin/pg_ctl" start -w -t 60 -D "$dir/data" -l "$dir/server.log" \
    -o "-p $port -k '$dir' -c listen_addresses=127.0.0.1 -c max_connections=400" >/dev/null; then
    cat "$dir/server.log" >&2 2>/dev/null || true
    return 1
  fi
  local tries=0
  until "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" -d postgres -U postgres; do
    tries=$((tries + 1))
    if [ "$tries" -ge 300 ]; then
      echo "pg_temp_start: the server in $dir does not answer on 127.0.0.1:$port" >&2
      cat "$dir/server.log" >&2 2>/dev/null || true
      return 1
    fi
    sleep 0.1
  done

  psql -X -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 \
    -c "CREATE DATABASE oneday" >/dev/null
}

pg_temp_stop() { # DIR
  local dir=${1:?usage: pg_temp_stop DIR} bin
  case $dir in
    / | /tmp | /tmp/ | "$HOME" | .) echo "pg_temp_stop: refusing to remove '$dir'" >&2; return 1 ;;
  esac
  if [ -f "$dir/data/postmaster.pid" ] && bin=$(pg_bin_dir 2>/dev/null); then
    pg_as_server_user "$bin/pg_ctl" stop -m fast -w -D "$dir/data" >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}
