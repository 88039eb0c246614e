-- Requests that name things that do not exist: random job and user ids, refresh tokens with random ids,
-- sign-ins with random emails. Each must be answered without leaving anything behind in memory.
local auth = "Bearer " .. os.getenv("BENCH_TOKEN")
local json = { ["Content-Type"] = "application/json" }
local authed = { ["Authorization"] = auth }

local function hex(n)
  local t = {}
  for i = 1, n do t[i] = string.format("%x", math.random(0, 15)) end
  return table.concat(t)
end

local function uuid()
  local h = hex(32)
  return h:sub(1, 8) .. "-" .. h:sub(9, 12) .. "-4" .. h:sub(14, 16) .. "-a" .. h:sub(18, 20) .. "-" .. h:sub(21, 32)
end

local secret = hex(43)

request = function()
  local kind = math.random(4)
  if kind == 1 then
    return wrk.format("GET", "/api/jobs/" .. uuid(), authed)
  elseif kind == 2 then
    return wrk.format("GET", "/api/users/" .. uuid(), authed)
  elseif kind == 3 then
    local token = "v1." .. hex(32) .. "." .. hex(32) .. ".1." .. secret
    return wrk.format("POST", "/api/security/token/refresh", json, '{"refreshToken":"' .. token .. '"}')
  end
  return wrk.format("POST", "/api/security/token", json,
    '{"email":"nobody-' .. hex(16) .. '@random.oneday.dev","password":"not the password"}')
end
