#!/usr/bin/env bash
# Runs the whole OneDay test suite: the fast tests, which lint every shell script with shellcheck, then the
# integration tests, which start their own throwaway PostgreSQL (and, for the stream tests, RabbitMQ, for the
# metrics tests, Prometheus) from the installed server binaries and drive the web client in Chromium; this installs those packages when they
# are missing.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
command -v rabbitmq-server >/dev/null || [ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || missing+=(rabbitmq-server)
command -v shellcheck >/dev/null || missing+=(shellcheck)
# The web client's tests drive Debian's Chromium (Playwright cannot download its own browsers here).
[ -x /usr/bin/chromium ] || missing+=(chromium)
# Metrics are read back through a real Prometheus; promtool checks the alert rules.
command -v prometheus >/dev/null || missing+=(prometheus)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "Installing what the tests need: ${missing[*]}"
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
# The fast tests (OneDay.Tests.Unit: no servers, seconds) run first, then the integration tests (OneDay.Tests),
# each writing its own TRX file; both always run, and the run fails if either does.
# A hung test must fail the run with its name, not stall it: no test needs more than two minutes, so after
# ten the blame collector stops the test host and names the tests still running. The outer limit, forty
# minutes for both runs together, also covers a hang outside any test (a fixture's start or stop).
deadline=$((SECONDS + 40 * 60))
status=0
for project in OneDay.Tests.Unit OneDay.Tests; do
  left=$((deadline - SECONDS))
  # timeout 0 would mean no limit at all.
  [ "$left" -gt 0 ] || left=1
  timeout --kill-after=30s "$left" dotnet test "$project" -c Release \
    --logger "trx;LogFileName=$project.trx" --logger "console;verbosity=normal" \
    --blame-hang-timeout 10m --blame-hang-dump-type none \
    --results-directory TestResults "$@" || status=$?
done
exit "$status"
