-- wrk script of bench/api.py: API report reads, or the /healthz/ floor.
--
--   wrk -t T -c C -d 20s -s bench/api.lua http://127.0.0.1:PORT -- report FILE T
--   wrk -t T -c C -d 20s -s bench/api.lua http://127.0.0.1:PORT -- me FILE T
--   wrk -t T -c C -d 20s -s bench/api.lua http://127.0.0.1:PORT -- floor
--
-- FILE (written by api.py) holds one reader a line: an assessment id and the
-- bearer token of a user who may read it, tab-separated. Thread i of T takes
-- readers i, i+T, i+2T...; each request is GET /api/v1/assessments/<id>/report
-- ("me": GET /api/v1/me, the token alone) with "Authorization: Bearer <token>"
-- and the X-Forwarded-Proto a TLS-terminating load balancer passes on.
--
-- done() prints one line, "RESULT {json}", that api.py reads (the same as
-- bench/autosave.lua prints).

-- setup(), init(), request() and done(): what every bench script shares.
dofile("bench/wrk_common.lua")

function begin(args, file) end

function entry(mode, line)
  local id, token = string.match(line, "^(%d+)\t(%S+)$")
  local path = mode == "me" and "/api/v1/me" or "/api/v1/assessments/" .. id .. "/report"
  return wrk.format("GET", path, {
    ["Authorization"] = "Bearer " .. token,
    ["Accept"] = "application/json",
    ["X-Forwarded-Proto"] = "https",
  })
end

function next_request(prepared)
  return prepared
end
