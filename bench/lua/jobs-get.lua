local token = os.getenv("BENCH_TOKEN")
local path = "/api/jobs/" .. os.getenv("BENCH_JOB_ID")
request = function()
  return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. token })
end
