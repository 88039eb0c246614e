# GET /health/ready: one grain call that writes and reads a small record in each of the 7 grain storages
# (in-memory storage in embedded mode). Reported for information: no target.
description="grain call writing+reading 7 storages (information only)"
mode=embedded
method=GET
path=/health/ready
baseline=kestrel
