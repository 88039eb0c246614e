-- Random profiles of the accounts prepare() created, read with the first account's token.
local ids = {}
for id in string.gmatch(os.getenv("BENCH_USER_IDS"), "[^,]+") do ids[#ids + 1] = id end
local auth = "Bearer " .. string.match(os.getenv("BENCH_TOKENS"), "[^,]+")

request = function()
  return wrk.format("GET", "/api/users/" .. ids[math.random(#ids)], { ["Authorization"] = auth })
end
