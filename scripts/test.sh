#!/usr/bin/env bash
# Runs the whole OneDay test suite. The tests start their own throwaway PostgreSQL (and, for the stream
# tests, RabbitMQ) from the installed server binaries; this installs those packages when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
command -v rabbitmq-server >/dev/null || [ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || missing+=(rabbitmq-server)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "Installing test servers: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "The tests need these Debian packages: ${missing[*]}" >&2
    echo "Install them with: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
rm -rf TestResults
# A hung test must fail the run with its name, not stall it: no test needs more than two minutes, so after
# ten the blame collector stops the test host and names the tests still running. The outer limit also
# covers a hang outside any test (a fixture's start or stop).
timeout --kill-after=30s 40m dotnet test OneDay.sln -c Release \
  --logger "trx;LogFileName=results.trx" --logger "console;verbosity=normal" \
  --blame-hang-timeout 10m --blame-hang-dump-type none \
  --results-directory TestResults "$@"
