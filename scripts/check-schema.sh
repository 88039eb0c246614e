#!/usr/bin/env bash
# Checks the Orleans ADO.NET schema in OneDay.Silo/Postgres/Migrations/Sql against a throwaway PostgreSQL:
#   1. applies every script in order, twice, each in one transaction; the second pass must change nothing;
#   2. checks that every query key the providers look up is there and uses only parameters the
#      provider actually sends for that key;
#   3. runs the stored queries the way the providers do (typed parameters, same names) and checks the
#      version/ETag contract, including two writers racing with the same expected version.
# Prints one line per check, then "N passed, M failed" and PASS or FAIL. Always stops the server.
#   scripts/check-schema.sh            (needs the PostgreSQL server binaries; see scripts/lib/postgres.sh)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=lib/postgres.sh
source "$root/scripts/lib/postgres.sh"

sql_dir=${ONEDAY_SQL_DIR:-$root/OneDay.Silo/Postgres/Migrations/Sql}  # override to check a modified copy
scripts=("$sql_dir"/0001_orleans_query.sql "$sql_dir"/0002_orleans_clustering.sql
         "$sql_dir"/0003_orleans_persistence.sql "$sql_dir"/0004_orleans_reminders.sql)

work=$(mktemp -d -t oneday-check-schema.XXXXXX)
chmod 755 "$work"
cleanup() { pg_temp_stop "$work/pg" || true; rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

port=$(pg_free_port)
pg_bin=$(pg_bin_dir)
if ! pg_temp_start "$work/pg" "$port"; then echo "check-schema: could not start PostgreSQL"; echo FAIL; exit 1; fi
export PGHOST=127.0.0.1 PGPORT=$port PGUSER=postgres PGDATABASE=oneday
export PGOPTIONS='-c client_min_messages=warning' PGTZ=UTC
psql_base=(psql -X -q -v ON_ERROR_STOP=1)

# ---------------------------------------------------------------- reporting

passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok   - $1"; }
not_ok() { failed=$((failed + 1)); echo "FAIL - $1"; }
expect() { # DESCRIPTION EXPECTED ACTUAL
  if [ "$2" == "$3" ]; then ok "$1"; else not_ok "$1 (expected '$2', got '$3')"; fi
}

# Rows as a|b|c. A failing statement prints "error: ..." instead, so it can never pass for "no row".
sql() {
  local out
  if out=$("${psql_base[@]}" -A -t -F '|' -c "$1" 2>&1); then printf '%s\n' "$out"
  else printf 'error: %s\n' "$(printf '%s' "$out" | tr '\n' ' ')"; fi
}

# ---------------------------------------------------------------- 1. apply twice

state() { # what a second pass must leave untouched: the schema, and each query row's text and row version
  # (pg_dump's \restrict lines carry a random key per run; they say nothing about the schema.)
  "$pg_bin/pg_dump" --schema-only --no-owner | grep -v '^\\\(un\)\{0,1\}restrict '
  sql "SELECT querykey, xmin, md5(querytext) FROM orleansquery ORDER BY querykey"
}

apply_all() { # PASS
  local f
  for f in "${scripts[@]}"; do
    if "${psql_base[@]}" --single-transaction -f "$f" >"$work/apply.log" 2>&1; then
      ok "pass $1: $(basename "$f") applied"
    else
      not_ok "pass $1: $(basename "$f") failed: $(tr '\n' ' ' <"$work/apply.log")"
      return 1
    fi
  done
}

applied=true
apply_all 1 || applied=false
if $applied; then
  state >"$work/state1"
  apply_all 2 || applied=false
fi
if $applied; then
  state >"$work/state2"
  if diff -u "$work/state1" "$work/state2" >"$work/state.diff"; then
    ok "pass 2 changed nothing (schema and every query row identical, rows not rewritten)"
  else
    not_ok "pass 2 changed something:"; cat "$work/state.diff"
  fi
else
  echo "check-schema: $passed passed, $failed failed"; echo FAIL; exit 1
fi

# ---------------------------------------------------------------- 2. keys and parameters

# The parameters each provider sends per key (Orleans 10.4.2). A query may use fewer, never others.
storage_key='GrainIdHash GrainIdN0 GrainIdN1 GrainTypeHash GrainTypeString GrainIdExtensionString ServiceId'
declare -A contract=(
  [InsertMembershipVersionKey]='DeploymentId'
  [InsertMembershipKey]='DeploymentId IAmAliveTime SiloName HostName Address Port Generation StartTime Status ProxyPort Version'
  [UpdateMembershipKey]='DeploymentId Address Port Generation IAmAliveTime Status SuspectTimes Version'
  [UpdateIAmAlivetimeKey]='DeploymentId Address Port Generation IAmAliveTime'
  [MembershipReadRowKey]='DeploymentId Address Port Generation'
  [MembershipReadAllKey]='DeploymentId'
  [GatewaysQueryKey]='DeploymentId Status'
  [DeleteMembershipTableEntriesKey]='DeploymentId'
  [CleanupDefunctSiloEntriesKey]='DeploymentId IAmAliveTime'
  [CleanupDefunctSiloEntryKey]='DeploymentId Address Port Generation SuspectTimes StartTime IAmAliveTime'
  [ReadFromStorageKey]="$storage_key"
  [WriteToStorageKey]="$storage_key GrainStateVersion PayloadBinary"
  [ClearStorageKey]="$storage_key GrainStateVersion"
  [DeleteStorageKey]="$storage_key GrainStateVersion"
  [ReadReminderRowsKey]='ServiceId GrainId'
  [ReadReminderRowKey]='ServiceId GrainId ReminderName'
  [ReadRangeRows1Key]='ServiceId BeginHash EndHash'
  [ReadRangeRows2Key]='ServiceId BeginHash EndHash'
  [UpsertReminderRowKey]='ServiceId GrainHash GrainId ReminderName StartTime Period'
  [DeleteReminderRowKey]='ServiceId GrainId ReminderName Version'
  [DeleteReminderRowsKey]='ServiceId'
)

query_text() { sql "SELECT querytext FROM orleansquery WHERE querykey = '$1'"; }
mkdir -p "$work/queries"

# Exactly what the providers run at start-up, unquoted mixed case and all.
expect "the clustering/reminder start-up query reads every row" \
  "$(sql 'SELECT count(*) FROM orleansquery')" "$(sql 'SELECT count(*) FROM (SELECT QueryKey, QueryText FROM OrleansQuery) q')"
expect "the grain storage start-up query finds its four keys" 4 \
  "$(sql "SELECT count(*) FROM (SELECT QueryKey, QueryText FROM OrleansQuery WHERE QueryKey = 'WriteToStorageKey' OR QueryKey = 'ReadFromStorageKey' OR QueryKey = 'ClearStorageKey' OR QueryKey = 'DeleteStorageKey') q")"

for key in $(printf '%s\n' "${!contract[@]}" | sort); do
  text=$(query_text "$key")
  if [ -z "$text" ]; then not_ok "$key is missing"; continue; fi
  printf '%s' "$text" >"$work/queries/$key"
  used=$(printf '%s' "$text" | { grep -o '@[A-Za-z_][A-Za-z0-9_.]*' || true; } | sed 's/^@//' | sort -u | tr '\n' ' ')
  stray=""
  for p in $used; do [[ " ${contract[$key]} " == *" $p "* ]] || stray+="@$p "; done
  if [ -z "$stray" ]; then ok "$key present, parameters: ${used% }"; else not_ok "$key uses parameters the provider does not send: $stray"; fi
done

# ---------------------------------------------------------------- 3. behaviour

# run KEY NAME=LITERAL...: the stored query with each @NAME replaced by a typed literal, the way Npgsql
# sends the provider's typed parameters (int4, int8, text, bytea, timestamptz). Rows come back as a|b|c.
bind() {
  local key=$1; shift
  echo "$key" >>"$work/executed"  # a file, because bind mostly runs in a subshell
  [ -f "$work/queries/$key" ] || { echo "SELECT 'error: no query $key'"; return; }
  perl -e '
    my %v = map { split(/=/, $_, 2) } @ARGV; @ARGV = ();
    local $/; my $t = <STDIN>;
    $t =~ s/\@([A-Za-z_][A-Za-z0-9_]*)/exists $v{$1} ? "($v{$1})" : die "no value for \@$1\n"/ge;
    print $t;' "$@" <"$work/queries/$key" || echo "SELECT 'error: could not bind $key'"
}
run() { sql "$(bind "$@")"; }

# race SQL_A SQL_B: A runs its statement in an open transaction; B runs the same kind of statement and
# must block on A's row; only then does A commit. Results land in RACE_A and RACE_B.
race() {
  local out_a="$work/race_a.out"
  : >"$out_a"
  {
    printf 'BEGIN;\n\\o %s\n%s\n\\o\n' "$out_a" "$1"
    printf "SELECT set_config('application_name', 'check-schema-a-holding', false);\n"
    cat <<'SQL'
DO $wait$
DECLARE deadline timestamptz := clock_timestamp() + interval '10 seconds';
BEGIN
    LOOP
        PERFORM pg_stat_clear_snapshot();
        EXIT WHEN EXISTS (SELECT 1 FROM pg_stat_activity
                           WHERE application_name = 'check-schema-b' AND wait_event_type = 'Lock');
        IF clock_timestamp() > deadline THEN
            RAISE EXCEPTION 'writer B never waited for writer A';
        END IF;
        PERFORM pg_sleep(0.01);
    END LOOP;
END
$wait$;
COMMIT;
SQL
  } | PGAPPNAME=check-schema-a "${psql_base[@]}" -A -t >/dev/null 2>"$work/race_a.err" &
  local pid_a=$! tries=0
  until [ "$(sql "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'check-schema-a-holding'")" = 1 ]; do
    tries=$((tries + 1))
    if ! kill -0 "$pid_a" 2>/dev/null || [ "$tries" -ge 500 ]; then
      wait "$pid_a" || true; RACE_A="error: $(cat "$work/race_a.err")"; RACE_B=""; return
    fi
    sleep 0.02
  done
  RACE_B=$(PGAPPNAME=check-schema-b sql "$2") || RACE_B="error"
  if wait "$pid_a"; then RACE_A=$(cat "$out_a"); else RACE_A="error: $(cat "$work/race_a.err")"; fi
}

# --- grain storage

grain=(GrainIdHash=1001::int4 GrainIdN0=0::int8 GrainIdN1=42::int8 GrainTypeHash=2002::int4
       "GrainTypeString='oneday.sample'::text" GrainIdExtensionString=NULL::text "ServiceId='oneday'::text")
write() { run WriteToStorageKey "${grain[@]}" "GrainStateVersion=$1" "PayloadBinary='\\x$2'::bytea"; }

expect "storage: first write (version NULL) creates the record at version 1" 1 "$(write NULL::int4 01)"
expect "storage: write with version 1 returns 2" 2 "$(write 1::int4 02)"
expect "storage: write with stale version 1 returns no row (conflict)" "" "$(write 1::int4 03)"
expect "storage: write with version NULL over an existing record returns no row (conflict)" "" "$(write NULL::int4 04)"
expect "storage: read returns the winning payload and version" '\x02|2' "$(run ReadFromStorageKey "${grain[@]}")"

race "$(bind WriteToStorageKey "${grain[@]}" GrainStateVersion=2::int4 "PayloadBinary='\\xaa'::bytea")" \
     "$(bind WriteToStorageKey "${grain[@]}" GrainStateVersion=2::int4 "PayloadBinary='\\xbb'::bytea")"
expect "storage: two writers with the same version, A commits first: A gets 3" 3 "$RACE_A"
expect "storage: ... and B, which waited for A, gets no row" "" "$RACE_B"
expect "storage: ... and A's payload is the one stored" '\xaa|3' "$(run ReadFromStorageKey "${grain[@]}")"

fresh=(GrainIdHash=1001::int4 GrainIdN0=0::int8 GrainIdN1=43::int8 GrainTypeHash=2002::int4
       "GrainTypeString='oneday.sample'::text" GrainIdExtensionString=NULL::text "ServiceId='oneday'::text")
race "$(bind WriteToStorageKey "${fresh[@]}" GrainStateVersion=NULL::int4 "PayloadBinary='\\xaa'::bytea")" \
     "$(bind WriteToStorageKey "${fresh[@]}" GrainStateVersion=NULL::int4 "PayloadBinary='\\xbb'::bytea")"
expect "storage: two first writes racing: A creates version 1" 1 "$RACE_A"
expect "storage: ... and B gets no row" "" "$RACE_B"

expect "storage: clear with stale version returns no row" "" "$(run ClearStorageKey "${grain[@]}" GrainStateVersion=2::int4)"
expect "storage: clear with current version 3 returns 4" 4 "$(run ClearStorageKey "${grain[@]}" GrainStateVersion=3::int4)"
expect "storage: a cleared record reads as no payload, version 4" '|4' "$(run ReadFromStorageKey "${grain[@]}")"
expect "storage: write after clear with version 4 returns 5" 5 "$(write 4::int4 05)"
expect "storage: delete with stale version returns no row" "" "$(run DeleteStorageKey "${grain[@]}" GrainStateVersion=4::int4)"
deleted=$(run DeleteStorageKey "${grain[@]}" GrainStateVersion=5::int4)
if [ -n "$deleted" ] && [ "$deleted" != 5 ]; then ok "storage: delete with current version returns a value other than 5 ($deleted)"
else not_ok "storage: delete with current version returned '$deleted'"; fi
expect "storage: a deleted record reads as no row" "" "$(run ReadFromStorageKey "${grain[@]}")"
expect "storage: after delete a first write starts again at 1" 1 "$(write NULL::int4 06)"

extended=("${grain[@]:0:5}" "GrainIdExtensionString=''::text" "${grain[@]:6}")
expect "storage: key extension '' is a different grain from no extension" 1 \
  "$(run WriteToStorageKey "${extended[@]}" GrainStateVersion=NULL::int4 "PayloadBinary='\\x07'::bytea")"
expect "storage: ... and each reads its own state" '\x06|1 \x07|1' \
  "$(run ReadFromStorageKey "${grain[@]}") $(run ReadFromStorageKey "${extended[@]}")"

# --- clustering

cluster="DeploymentId='check-cluster'::text"
t0="'2026-01-01 00:00:00+00'::timestamptz" t1="'2026-01-01 00:00:10+00'::timestamptz"
t2="'2026-01-01 00:00:20+00'::timestamptz"
silo() { # PORT: the silo key parameters
  echo "Address='10.0.0.1'::text" "Port=$1::int4" "Generation=7::int4"
}
insert_silo() { # PORT VERSION
  # shellcheck disable=SC2046
  run InsertMembershipKey "$cluster" $(silo "$1") "SiloName='silo-$1'::text" "HostName='host'::text" \
    "Status=3::int4" "ProxyPort=$(( $1 + 1000 ))::int4" "StartTime=$t0" "IAmAliveTime=$t0" "Version=$2::int4"
}
update_silo() { # PORT VERSION STATUS SUSPECTS
  # shellcheck disable=SC2046
  run UpdateMembershipKey "$cluster" $(silo "$1") "Status=$3::int4" "SuspectTimes=$4" "IAmAliveTime=$t1" \
    "Version=$2::int4"
}
version() { sql "SELECT version FROM orleansmembershipversiontable WHERE deploymentid = 'check-cluster'"; }

expect "membership: creating the version row returns true" t "$(run InsertMembershipVersionKey "$cluster")"
expect "membership: creating it again returns false" f "$(run InsertMembershipVersionKey "$cluster")"
expect "membership: read-all of an empty cluster is one row with only the version" '||||||||||0' \
  "$(run MembershipReadAllKey "$cluster")"
expect "membership: insert with version 0 returns true" t "$(insert_silo 11111 0)"
expect "membership: ... and bumps the version to 1" 1 "$(version)"
expect "membership: insert of another silo with stale version 0 returns false" f "$(insert_silo 11112 0)"
expect "membership: insert of the same silo again (version 1) returns false" f "$(insert_silo 11111 1)"
expect "membership: ... neither changed the version" 1 "$(version)"
expect "membership: update with version 1 returns true" t "$(update_silo 11111 1 3 "NULL::text")"
expect "membership: update with stale version 1 returns false" f "$(update_silo 11111 1 6 "NULL::text")"
expect "membership: update of an unknown silo returns false" f "$(update_silo 9 2 3 "NULL::text")"
expect "membership: version is 2 after one insert and one update" 2 "$(version)"
# shellcheck disable=SC2046
expect "membership: heartbeat" "" "$(run UpdateIAmAlivetimeKey "$cluster" $(silo 11111) "IAmAliveTime=$t2")"
# shellcheck disable=SC2046
expect "membership: late heartbeat with an older time" "" \
  "$(run UpdateIAmAlivetimeKey "$cluster" $(silo 11111) "IAmAliveTime=$t0")"
expect "membership: read-row returns the silo; heartbeats never move back" \
  "10.0.0.1|11111|7|silo-11111|host|3|12111||2026-01-01 00:00:00+00|2026-01-01 00:00:20+00|2" \
  "$(run MembershipReadRowKey "$cluster" $(silo 11111))"
expect "membership: gateways lists the active silo's proxy endpoint" "10.0.0.1|12111|7" \
  "$(run GatewaysQueryKey "$cluster" Status=3::int4)"
expect "membership: insert of a second silo with version 2 returns true" t "$(insert_silo 11112 2)"
expect "membership: mark it dead with a suspicion (version 3)" t \
  "$(update_silo 11112 3 6 "'10.0.0.1:11111@7,2026-01-01 00:00:05.000 GMT'::text")"
# shellcheck disable=SC2046
expect "membership: per-silo clean-up runs" "" "$(run CleanupDefunctSiloEntryKey "$cluster" $(silo 11112) \
  "SuspectTimes=NULL::text" "StartTime=$t0" "IAmAliveTime=$t1")"
expect "membership: per-silo clean-up with outdated captured values deletes nothing" 2 \
  "$(sql "SELECT count(*) FROM orleansmembershiptable WHERE deploymentid = 'check-cluster'")"
# shellcheck disable=SC2046
expect "membership: per-silo clean-up runs again" "" "$(run CleanupDefunctSiloEntryKey "$cluster" $(silo 11112) \
  "SuspectTimes='10.0.0.1:11111@7,2026-01-01 00:00:05.000 GMT'::text" "StartTime=$t0" "IAmAliveTime=$t1")"
expect "membership: per-silo clean-up with the row's current values deletes it" 1 \
  "$(sql "SELECT count(*) FROM orleansmembershiptable WHERE deploymentid = 'check-cluster'")"
expect "membership: batch clean-up runs" "" \
  "$(run CleanupDefunctSiloEntriesKey "$cluster" "IAmAliveTime='2030-01-01 00:00:00+00'::timestamptz")"
expect "membership: batch clean-up leaves active silos alone" 1 \
  "$(sql "SELECT count(*) FROM orleansmembershiptable WHERE deploymentid = 'check-cluster'")"
expect "membership: delete-cluster runs" "" "$(run DeleteMembershipTableEntriesKey "$cluster")"
expect "membership: deleting the cluster removes its version row and silos" "0|0" \
  "$(sql "SELECT (SELECT count(*) FROM orleansmembershipversiontable WHERE deploymentid = 'check-cluster'),
                 (SELECT count(*) FROM orleansmembershiptable WHERE deploymentid = 'check-cluster')")"

# --- reminders

svc="ServiceId='oneday'::text"
reminder=("$svc" "GrainId='user/alice'::text" "ReminderName='daily'::text")
upsert() { run UpsertReminderRowKey "${reminder[@]}" "GrainHash=$1::int4" "StartTime=$t0" "Period=$2"; }
expect "reminders: first upsert returns version 0" 0 "$(upsert -5 60000::int4)"
expect "reminders: second upsert returns version 1 (period above int range)" 1 "$(upsert -5 3000000000::int8)"
expect "reminders: read-row returns the latest values" "user/alice|daily|2026-01-01 00:00:00+00|3000000000|1" \
  "$(run ReadReminderRowKey "${reminder[@]}")"
expect "reminders: read-rows by grain" 1 "$(run ReadReminderRowsKey "$svc" "GrainId='user/alice'::text" | wc -l | tr -d ' ')"
expect "reminders: range (-10, 0] includes hash -5" daily \
  "$(run ReadRangeRows1Key "$svc" BeginHash=-10::int4 EndHash=0::int4 | cut -d'|' -f2)"
expect "reminders: range (-5, 100] excludes hash -5" "" \
  "$(run ReadRangeRows1Key "$svc" BeginHash=-5::int4 EndHash=100::int4)"
expect "reminders: wrapping range (100, -4] includes hash -5" daily \
  "$(run ReadRangeRows2Key "$svc" BeginHash=100::int4 EndHash=-4::int4 | cut -d'|' -f2)"
expect "reminders: delete with stale version returns false" f \
  "$(run DeleteReminderRowKey "${reminder[@]}" Version=0::int4)"
expect "reminders: delete with current version returns true" t \
  "$(run DeleteReminderRowKey "${reminder[@]}" Version=1::int4)"
expect "reminders: upsert of a new reminder returns version 0" 0 "$(upsert 1 1000::int4)"
expect "reminders: delete-all runs" "" "$(run DeleteReminderRowsKey "$svc")"
expect "reminders: delete-all empties the service" 0 \
  "$(sql "SELECT count(*) FROM orleansreminderstable WHERE serviceid = 'oneday'")"

never_run=""
for key in $(printf '%s\n' "${!contract[@]}" | sort); do
  grep -qx "$key" "$work/executed" || never_run+="$key "
done
expect "every query key was executed at least once" "" "$never_run"

# ---------------------------------------------------------------- verdict

echo "check-schema: $passed passed, $failed failed"
if [ "$failed" -eq 0 ]; then echo PASS; else echo FAIL; exit 1; fi
