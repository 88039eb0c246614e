-- Set once at load (not in request()), so wrk sends one pre-built request: per-request Lua would cost
-- the load generator more CPU than the server spends on the request, on the same two cores.
wrk.path = "/api/jobs/" .. os.getenv("BENCH_JOB_ID")
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
