-- GET /api/jobs/{id}/candidates as the employer of a random seeded job in the synthetic city each time.
-- prepare() wrote $BENCH_MATCHING_DIR/jobs.txt (a job id and its employer's token a line).
local jobs = {}
for line in io.lines(os.getenv("BENCH_MATCHING_DIR") .. "/jobs.txt") do
  local id, token = line:match("^(%S+) (%S+)$")
  if id then jobs[#jobs + 1] = { id = id, token = token } end
end

request = function()
  local job = jobs[math.random(#jobs)]
  return wrk.format("GET", "/api/jobs/" .. job.id .. "/candidates", { ["Authorization"] = "Bearer " .. job.token })
end
