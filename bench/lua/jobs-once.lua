-- POST each prepared request once, over every wrk invocation of a scenario (warm-up rounds, resumes, measured
-- runs): a confirmation or an acceptance done twice is an idempotent replay, not the work being measured.
-- prepare() wrote $BENCH_ONCE_DIR/requests.txt (one "PATH TOKEN-LINE" a line, TOKEN-LINE being 1-based in
-- tokens.txt) and tokens.txt, and exported $BENCH_ONCE_THREADS, the thread count wrk is given (-t).
-- Thread t of an invocation takes lines first + t, first + t + T, first + t + 2T, ... (T threads), so consecutive
-- requests stay in the prepared order, which interleaves the employers. Every 64 lines a thread records in
-- progress-t how many it has taken (rounded up), and the next invocation's setup() starts after the furthest any
-- thread got: a line reserved but never sent is skipped, never sent twice. Past the last line, requests go to
-- /bench/once-exhausted, whose 404s count as errors, and the drain reports the prepared lines as used up.
local dir = os.getenv("BENCH_ONCE_DIR")
local threads = tonumber(os.getenv("BENCH_ONCE_THREADS"))
local stride = 64

local function read_number(name)
  local f = io.open(dir .. "/" .. name, "r")
  if not f then return 0 end
  local n = tonumber(f:read("*l")) or 0
  f:close()
  return n
end

local function write_number(name, n)
  local f = assert(io.open(dir .. "/" .. name, "w"))
  f:write(string.format("%d", n), "\n")
  f:close()
end

-- setup() runs in wrk's main Lua state, once per thread, one thread after the other; it hands each thread's Lua
-- state the globals once_first and once_tid.
local first, thread_count = nil, 0
setup = function(thread)
  if first == nil then
    local taken = 0
    for t = 0, threads - 1 do
      taken = math.max(taken, read_number("progress-" .. t))
      os.remove(dir .. "/progress-" .. t)
    end
    first = read_number("first") + taken * threads
    write_number("first", first)
  end
  if thread_count >= threads then
    error("jobs-once.lua: wrk runs more threads than BENCH_ONCE_THREADS=" .. threads)
  end
  thread:set("once_first", first)
  thread:set("once_tid", thread_count)
  thread_count = thread_count + 1
end

local paths, token_of, tokens = {}, {}, {}
local k, reserved, progress
init = function(args)
  for line in io.lines(dir .. "/tokens.txt") do
    if line ~= "" then tokens[#tokens + 1] = line end
  end
  for line in io.lines(dir .. "/requests.txt") do
    local path, token = line:match("^(%S+) (%d+)$")
    if path then
      paths[#paths + 1] = path
      token_of[#token_of + 1] = tonumber(token)
    end
  end
  k, reserved, progress = 0, 0, "progress-" .. once_tid
end

request = function()
  local i = once_first + once_tid + k * threads + 1
  k = k + 1
  if k > reserved then
    reserved = reserved + stride
    write_number(progress, reserved)
  end
  if i > #paths then
    return wrk.format("POST", "/bench/once-exhausted")
  end
  return wrk.format("POST", paths[i], { ["Authorization"] = "Bearer " .. tokens[token_of[i]] })
end
