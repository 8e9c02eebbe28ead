-- What the wrk scripts in bench/ (autosave.lua, api.lua) share, loaded with
-- dofile (wrk runs from the project's folder: bench/autosave_capacity.py's
-- wrk()): each thread's index (setup); init(), which answers the "floor" mode
-- with /healthz/ and otherwise gives thread i of T the lines i, i+T, i+2T... of
-- FILE (args: MODE FILE T ...), each made into an entry by the script's
-- entry(mode, line) after its begin(args, file) has read what comes before
-- them; request(), the floor or the script's next_request(entry), round the
-- thread's entries; and done(), which prints one line, "RESULT {json}", with
-- the counts and the latency percentiles that the Python side reads.

local threads = {}

function setup(thread)
  thread:set("thread_index", #threads)
  table.insert(threads, thread)
end

local floor_request
local mine = {}
counter = 0

function init(args)
  if args[1] == "floor" then
    floor_request = wrk.format("GET", "/healthz/", { ["X-Forwarded-Proto"] = "https" })
    return
  end
  local thread_count = tonumber(args[3])
  local file = assert(io.open(args[2], "r"))
  begin(args, file)
  local index = 0
  for line in file:lines() do
    if index % thread_count == thread_index then
      table.insert(mine, entry(args[1], line))
    end
    index = index + 1
  end
  file:close()
  assert(#mine > 0, "more threads than lines in " .. args[2])
end

function request()
  if floor_request then
    return floor_request
  end
  counter = counter + 1
  return next_request(mine[counter % #mine + 1])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "duration_us": %d, "bytes": %d, "connect": %d, "read": %d, '
      .. '"write": %d, "status": %d, "timeout": %d, "p50_us": %d, "p90_us": %d, '
      .. '"p95_us": %d, "p99_us": %d, "max_us": %d, "mean_us": %.1f}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status,
    e.timeout, latency:percentile(50), latency:percentile(90), latency:percentile(95),
    latency:percentile(99), latency.max, latency.mean
  ))
end
