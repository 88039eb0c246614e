#!/usr/bin/env bash
# Lints the API document as clients see it: builds OneDay, starts the embedded gateway on a free loopback
# port, fetches /openapi/v1.json, stops the gateway, then runs two standard linters on the document with
# their recommended rules: Spectral (spectral:oas) and Redocly (recommended). Fails on any error; warnings
# are printed and allowed. Needs node and npm (the linters come from the npm registry through npx, into
# npm's cache; nothing is installed in the repo).
#   scripts/lint-openapi.sh            (ONEDAY_OPENAPI_OUT=FILE keeps a copy of the document)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=lib/postgres.sh
source "$root/scripts/lib/postgres.sh" # for pg_free_port

spectral=@stoplight/spectral-cli@6.16.3
redocly=@redocly/cli@2.77.0

work=$(mktemp -d -t oneday-lint-openapi.XXXXXX)
gateway_pid=
cleanup() {
  if [ -n "$gateway_pid" ]; then kill "$gateway_pid" 2>/dev/null || true; wait "$gateway_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for tool in dotnet npx; do
  command -v "$tool" >/dev/null || { echo "lint-openapi: $tool is not installed" >&2; exit 1; }
done

echo "Building (Release)..."
dotnet build "$root/OneDay.Embedded/OneDay.Embedded.csproj" -c Release -v quiet -nologo >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }

port=$(pg_free_port)
OneDay__Mode=Embedded OneDay__Dashboard=false \
  OneDay__Silo__SiloPort="$(pg_free_port)" OneDay__Silo__GatewayPort="$(pg_free_port)" \
  dotnet "$root/OneDay.Embedded/bin/Release/net10.0/OneDay.Embedded.dll" --urls "http://127.0.0.1:$port" >"$work/gateway.log" 2>&1 &
gateway_pid=$!

document="$work/openapi.json"
for _ in $(seq 1 120); do
  if curl -sf "http://127.0.0.1:$port/openapi/v1.json" -o "$document"; then break; fi
  if ! kill -0 "$gateway_pid" 2>/dev/null; then cat "$work/gateway.log"; echo "lint-openapi: the gateway exited" >&2; exit 1; fi
  sleep 0.5
done
[ -s "$document" ] || { cat "$work/gateway.log"; echo "lint-openapi: no document from the gateway" >&2; exit 1; }
kill "$gateway_pid"; wait "$gateway_pid" 2>/dev/null || true; gateway_pid=
if [ -n "${ONEDAY_OPENAPI_OUT:-}" ]; then cp "$document" "$ONEDAY_OPENAPI_OUT"; fi

status=0
echo 'extends: ["spectral:oas"]' >"$work/.spectral.yaml"
echo "== Spectral ($spectral, spectral:oas)"
npx --yes "$spectral" lint --ruleset "$work/.spectral.yaml" --fail-severity error "$document" || status=1
echo "== Redocly ($redocly, recommended)"
NO_UPDATE_NOTIFIER=1 REDOCLY_TELEMETRY=off npx --yes "$redocly" lint --extends recommended --format stylish "$document" || status=1

if [ "$status" -ne 0 ]; then echo "FAIL: see the errors above"; exit 1; fi
echo "PASS: no linter errors"
