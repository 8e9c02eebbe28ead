-- What the wrk scripts in bench/ (autosave.lua, api.lua) share, loaded with
-- dofile (wrk runs from the project's folder: bench/autosave_capacity.py's
-- wrk()): each thread's index (setup), the /healthz/ request of the floor
-- (floor()), and done(), which prints one line, "RESULT {json}", with the
-- counts and the latency percentiles that the Python side of each bench reads.

local threads = {}

function setup(thread)
  thread:set("thread_index", #threads)
  table.insert(threads, thread)
end

function floor()
  return wrk.format("GET", "/healthz/", { ["X-Forwarded-Proto"] = "https" })
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
