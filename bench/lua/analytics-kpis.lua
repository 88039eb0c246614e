-- KPI queries over the last 90 days (BENCH_KPI_FROM..BENCH_KPI_TO), as an admin's dashboards ask them: by day,
-- by week, and by day for one category.
local token = os.getenv("BENCH_TOKEN")
local range = "from=" .. os.getenv("BENCH_KPI_FROM") .. "&to=" .. os.getenv("BENCH_KPI_TO")
local paths = {
  "/api/analytics/kpis?" .. range,
  "/api/analytics/kpis?granularity=week&" .. range,
  "/api/analytics/kpis?category=cafe&" .. range,
}
request = function()
  return wrk.format("GET", paths[math.random(#paths)], { ["Authorization"] = "Bearer " .. token })
end
