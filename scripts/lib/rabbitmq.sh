# shellcheck shell=bash
# A throwaway RabbitMQ node on 127.0.0.1, for bench/events.sh (and anything else that needs a broker).
# Source it after scripts/lib/postgres.sh (it uses pg_free_port), then:
#   rmq_temp_start DIR PORT   node with its own name, AMQP port PORT, private distribution and epmd
#                             ports, data and logs in DIR, no plugins; waits until AMQP answers
#   rmq_temp_stop DIR         rabbitmqctl stop, stops the node's private epmd, removes DIR
# As root the node runs as the "rabbitmq" OS user, the way the Debian package runs it.

rmq_bin=/usr/lib/rabbitmq/bin

rmq_run() { # DIR TOOL ARGS...: runs a RabbitMQ tool with the node's environment (saved in DIR/env)
  local dir=$1 tool=$2; shift 2
  local -a env_args
  mapfile -t env_args <"$dir/env"
  if [ "$(id -u)" -eq 0 ]; then
    (cd "$dir" && runuser -u rabbitmq -- env "${env_args[@]}" "$rmq_bin/$tool" "$@")
  else
    (cd "$dir" && env "${env_args[@]}" "$rmq_bin/$tool" "$@")
  fi
}

rmq_temp_start() { # DIR PORT
  local dir=$1 port=$2
  if [ ! -x "$rmq_bin/rabbitmq-server" ]; then
    echo "RabbitMQ is not installed; install it with: apt-get install -y rabbitmq-server" >&2
    return 1
  fi
  mkdir -p "$dir"
  echo '[].' >"$dir/enabled_plugins"
  cat >"$dir/env" <<ENV
RABBITMQ_NODENAME=oneday-bench-$$-$port@localhost
RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
RABBITMQ_NODE_PORT=$port
RABBITMQ_DIST_PORT=$(pg_free_port)
ERL_EPMD_PORT=$(pg_free_port)
RABBITMQ_MNESIA_BASE=$dir/mnesia
RABBITMQ_LOG_BASE=$dir/log
RABBITMQ_ENABLED_PLUGINS_FILE=$dir/enabled_plugins
RABBITMQ_CONFIG_FILE=$dir/rabbitmq
RABBITMQ_PID_FILE=$dir/node.pid
HOME=$dir
ENV
  [ "$(id -u)" -ne 0 ] || chown -R rabbitmq:rabbitmq "$dir"
  rmq_run "$dir" rabbitmq-server >"$dir/server.out" 2>&1 &
  echo $! >"$dir/launcher.pid"
  local _
  for _ in $(seq 1 360); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && grep -q "completed with" "$dir/server.out"; then
      return 0
    fi
    sleep 0.25
  done
  echo "RabbitMQ did not start on port $port; the end of its output:" >&2
  tail -n 20 "$dir/server.out" >&2
  return 1
}

rmq_temp_stop() { # DIR
  local dir=$1
  [ -f "$dir/env" ] || return 0
  local node epmd_port
  node=$(sed -n 's/^RABBITMQ_NODENAME=//p' "$dir/env")
  epmd_port=$(sed -n 's/^ERL_EPMD_PORT=//p' "$dir/env")
  rmq_run "$dir" rabbitmqctl -n "$node" stop >/dev/null 2>&1 || kill "$(cat "$dir/launcher.pid")" 2>/dev/null || true
  epmd -port "$epmd_port" -kill >/dev/null 2>&1 || true
  rm -rf "$dir"
}
