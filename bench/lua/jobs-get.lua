-- Random jobs of the ones prepare() posted (BENCH_JOB_IDS, comma-separated), read with one worker's token:
-- reads spread over many job grains, as real traffic does.
local ids = {}
for id in string.gmatch(os.getenv("BENCH_JOB_IDS"), "[^,]+") do ids[#ids + 1] = id end
local auth = "Bearer " .. os.getenv("BENCH_TOKEN")

request = function()
  return wrk.format("GET", "/api/jobs/" .. ids[math.random(#ids)], { ["Authorization"] = auth })
end
