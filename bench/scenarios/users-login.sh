# POST /api/security/token: bounded by the password hash (PBKDF2-HMAC-SHA512, 210,000 rounds, the
# production default and OWASP's 2023 minimum). Reported for information: its cost is the point.
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
  local email password
  email="bench-login-$RANDOM@bench.oneday.dev" password="bench passphrase $RANDOM$RANDOM"
  curl -fs -o /dev/null -X POST "$1/api/users" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$email\",\"password\":\"$password\",\"displayName\":\"Bench\",\"role\":\"worker\"}" || return 1
  export BENCH_LOGIN_BODY="{\"email\":\"$email\",\"password\":\"$password\"}"
}
