# shellcheck shell=bash
# A throwaway PostgreSQL on loopback from the installed server binaries, for scripts/cluster.sh and bench/.
# Source it, then: pg_temp_start DIR PORT | pg_temp_stop DIR | pg_free_port
# As root the server runs as the "postgres" OS user, because PostgreSQL refuses to run as root.

pg_bin_dir() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    echo "PostgreSQL server binaries not found; install them with: apt-get install -y postgresql" >&2
    return 1
  fi
  echo "$bin"
}

pg_as_server_user() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

pg_temp_start() { # DIR PORT: initdb into DIR/data, start on 127.0.0.1:PORT, create database "oneday"
  local dir=$1 port=$2 bin
  bin=$(pg_bin_dir) || return 1
  mkdir -p "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir"
  pg_as_server_user "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; return 1; }
  pg_as_server_user "$bin/pg_ctl" start -w -t 60 -D "$dir/data" -l "$dir/server.log" \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=400" >/dev/null \
    || { cat "$dir/server.log" >&2; return 1; }
  psql -h 127.0.0.1 -p "$port" -U postgres -X -q -c "CREATE DATABASE oneday" >/dev/null
}

pg_temp_stop() { # DIR: stop the server started in DIR and remove DIR
  local dir=$1 bin
  bin=$(pg_bin_dir) || return 1
  if [ -d "$dir/data" ]; then
    pg_as_server_user "$bin/pg_ctl" stop -m fast -D "$dir/data" >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}
