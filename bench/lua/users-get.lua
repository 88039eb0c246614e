-- The account prepare() created, read with its own token.
wrk.path = "/api/users/" .. os.getenv("BENCH_USER_ID")
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
