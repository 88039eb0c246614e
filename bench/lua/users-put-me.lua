-- Each request updates a random one of the accounts prepare() signed in (BENCH_TOKENS, comma-separated).
local tokens = {}
for t in string.gmatch(os.getenv("BENCH_TOKENS"), "[^,]+") do tokens[#tokens + 1] = t end
local counter = 0

request = function()
  counter = counter + 1
  local headers = {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. tokens[math.random(#tokens)],
  }
  local body = '{"displayName":"Bench ' .. counter .. '","worker":{"skills":["barista"],"bio":"updated"}}'
  return wrk.format("PUT", "/api/users/me", headers, body)
end
