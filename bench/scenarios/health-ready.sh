# GET /health/ready: one grain call that writes and reads a small record in each of the 7 grain storages
# (in-memory storage in embedded mode). Reported for information: no target.
# shellcheck source=../lib/accounts.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/accounts.sh"
description="grain call writing+reading 7 storages (information only)"
mode=embedded
method=GET
path=/health/ready
baseline=kestrel
# One client drives all the load: lift the per-client limit, or this measures 429s.
app_env=("${bench_unlimited[@]}")
