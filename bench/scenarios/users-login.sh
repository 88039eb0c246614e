# POST /api/security/token: bounded by the password hash (PBKDF2-HMAC-SHA512, 210,000 rounds, the
# production default and OWASP's 2023 minimum). Reported for information: its cost is the point.
# Sign-ins rotate over 64 accounts: one account's sign-ins are serialised by its grain, by design.
# shellcheck source=../lib/accounts.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/accounts.sh"
description="sign-in (password hash bound; information)"
mode=embedded
method=POST
path=/api/security/token
lua=users-login.lua
baseline=kestrel
app_env=("${bench_unlimited[@]}")
prepare() {
  local i email bodies=()
  for ((i = 0; i < 64; i++)); do
    email="bench-login-$i-$RANDOM@bench.oneday.dev"
    curl -fs -o /dev/null -X POST "$1/api/users" -H 'Content-Type: application/json' \
      -d "{\"email\":\"$email\",\"password\":\"bench login passphrase\",\"displayName\":\"Bench\",\"role\":\"worker\"}" || return 1
    bodies+=("{\"email\":\"$email\",\"password\":\"bench login passphrase\"}")
  done
  BENCH_LOGIN_BODIES=$(IFS='|'; echo "${bodies[*]}")
  export BENCH_LOGIN_BODIES
}
