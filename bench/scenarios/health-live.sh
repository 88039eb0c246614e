# GET /health/live: the gateway pipeline (routing, correlation id, problem details, health writer), no grain call.
# shellcheck source=../lib/accounts.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/accounts.sh"
description="gateway pipeline, no grain call"
mode=embedded
method=GET
path=/health/live
baseline=kestrel
target_ratio=0.7
target_p99_ms=5
# One client drives all the load: lift the per-client limit, or this measures 429s.
app_env=("${bench_unlimited[@]}")
