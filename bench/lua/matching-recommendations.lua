-- GET /api/matching/recommendations as a random worker of the synthetic city each time.
-- prepare() wrote $BENCH_MATCHING_DIR/tokens.txt (one worker token a line, each with a saved profile).
local tokens = {}
for line in io.lines(os.getenv("BENCH_MATCHING_DIR") .. "/tokens.txt") do
  if line ~= "" then tokens[#tokens + 1] = line end
end

request = function()
  return wrk.format("GET", "/api/matching/recommendations",
    { ["Authorization"] = "Bearer " .. tokens[math.random(#tokens)] })
end
