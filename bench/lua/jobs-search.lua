-- Random points inside Seoul (where half the seeded jobs are), 3 km radius, first page of 20.
local token = os.getenv("BENCH_TOKEN")
request = function()
  local lat = 37.45 + math.random() * 0.20
  local lon = 126.85 + math.random() * 0.30
  return wrk.format("GET", string.format("/api/jobs?lat=%.5f&lon=%.5f&radiusKm=3", lat, lon),
    { ["Authorization"] = "Bearer " .. token })
end
