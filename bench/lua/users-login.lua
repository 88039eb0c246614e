-- Sign-ins over the accounts prepare() registered (BENCH_LOGIN_BODIES, '|'-separated JSON bodies).
local bodies = {}
for b in string.gmatch(os.getenv("BENCH_LOGIN_BODIES"), "[^|]+") do bodies[#bodies + 1] = b end
local headers = { ["Content-Type"] = "application/json" }

request = function()
  return wrk.format("POST", "/api/security/token", headers, bodies[math.random(#bodies)])
end
