-- POST /api/jobs/{id}/applications: every request is a new (worker, job) pair, so each one is a real
-- application (201), never an idempotent replay (200) or an "already applied" (409).
-- prepare() wrote $BENCH_APPLY_DIR/jobs.txt (job ids) and tokens.txt (worker tokens), one a line.
-- Pair index i -> job i % J, worker i % W: with J and W coprime (1001 jobs, 2048 workers) that is a
-- bijection onto the J * W pairs (Chinese remainder theorem), and consecutive requests go to different
-- jobs and different workers, as real traffic does (one worker does not apply to a thousand jobs in a
-- row; its schedule grain would serialize them). The pairs are split into 16 run slices (wrk
-- invocations: up to 12 warm-up rounds, then the measured run; counted in $BENCH_APPLY_DIR/runs) of 8
-- thread sub-slices (16,000 pairs) each. A run past the 16th would reuse a slice, and a thread past the
-- end of its sub-slice would repeat pairs: both come back as idempotent replays (200), which the drain
-- would then count as applications that never produce events.
local dir = os.getenv("BENCH_APPLY_DIR")
local runs_per_space, max_threads = 16, 8

local function lines(file)
  local t = {}
  for line in io.lines(dir .. "/" .. file) do if line ~= "" then t[#t + 1] = line end end
  return t
end

-- setup() runs in wrk's main Lua state, once per thread, one thread after the other.
-- It hands each thread's Lua state the globals bench_run and bench_tid.
local this_run, thread_count = nil, 0
setup = function(thread)
  if this_run == nil then
    local f = io.open(dir .. "/runs", "r")
    this_run = f and tonumber(f:read("*l")) or 0
    if f then f:close() end
    f = io.open(dir .. "/runs", "w"); f:write(tostring(this_run + 1), "\n"); f:close()
  end
  thread:set("bench_tid", thread_count)
  thread:set("bench_run", this_run)
  thread_count = thread_count + 1
end

local function gcd(a, b)
  while b ~= 0 do a, b = b, a % b end
  return a
end

local jobs, tokens, first, size, k
init = function(args)
  jobs = lines("jobs.txt")
  tokens = lines("tokens.txt")
  if gcd(#jobs, #tokens) ~= 1 then
    error("jobs-apply needs coprime job and worker counts, got " .. #jobs .. " and " .. #tokens)
  end
  local run_size = math.floor(#jobs * #tokens / runs_per_space)
  size = math.floor(run_size / max_threads)
  first = (bench_run % runs_per_space) * run_size + (bench_tid % max_threads) * size
  k = 0
end

request = function()
  local i = first + (k % size)
  k = k + 1
  local worker = i % #tokens
  return wrk.format("POST", "/api/jobs/" .. jobs[(i % #jobs) + 1] .. "/applications",
    { ["Authorization"] = "Bearer " .. tokens[worker + 1], ["Idempotency-Key"] = "bench-" .. i })
end
