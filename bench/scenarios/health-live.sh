# GET /health/live: the gateway pipeline (routing, correlation id, problem details, health writer), no grain call.
description="gateway pipeline, no grain call"
mode=embedded
method=GET
path=/health/live
baseline=kestrel
target_ratio=0.7
target_p99_ms=5
