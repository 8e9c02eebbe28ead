-- wrk script of bench/autosave_capacity.py: rating autosaves, or the /healthz/ floor.
--
--   wrk -t T -c C -d 20s -s bench/autosave.lua http://127.0.0.1:PORT -- autosave FILE
--   wrk -t T -c C -d 20s -s bench/autosave.lua http://127.0.0.1:PORT -- floor
--
-- FILE (written by autosave_capacity.py) holds the competency codes on its first
-- line, then one engineer a line: assessment id, session cookie, CSRF cookie,
-- CSRF token, tab-separated. Thread i of T takes engineers i, i+T, i+2T...;
-- with as many threads as connections every connection is one engineer with
-- its own session and token.
--
-- Each request is what the rating page's htmx autosave sends: a level and an
-- evidence note (never the same twice, so every save writes a row and its
-- audit record), HX-Request, the X-CSRFToken header, the cookies, and the
-- Origin and X-Forwarded-Proto a TLS-terminating load balancer passes on.
-- No revision is sent: a save without one is never refused as stale.
--
-- The fourth argument, a nonce of the wrk run, keeps the evidence notes of one
-- run different from those of the run before (a warm-up).
--
-- done() prints one line, "RESULT {json}", that autosave_capacity.py reads.

-- setup(), init(), request() and done(): what every bench script shares.
dofile("bench/wrk_common.lua")

local function split(line, separator)
  local fields = {}
  for field in string.gmatch(line, "([^" .. separator .. "]+)") do
    table.insert(fields, field)
  end
  return fields
end

local codes, nonce

function begin(args, file)
  nonce = args[4]
  codes = split(file:read("*l"), ",")
  counter = thread_index * 7919 -- threads start at different competencies
end

function entry(mode, line)
  local f = split(line, "\t")
  return {
    path = "/assessments/" .. f[1] .. "/ratings/",
    headers = {
      ["Content-Type"] = "application/x-www-form-urlencoded",
      ["Cookie"] = "sessionid=" .. f[2] .. "; csrftoken=" .. f[3],
      ["X-CSRFToken"] = f[4],
      ["HX-Request"] = "true",
      ["HX-Current-URL"] = wrk.scheme .. "://" .. wrk.host .. "/assessments/" .. f[1] .. "/",
      ["Origin"] = "https://" .. wrk.host .. ":" .. wrk.port,
      ["X-Forwarded-Proto"] = "https",
    },
  }
end

function next_request(engineer)
  local code = codes[counter % #codes + 1]
  local body = "level=" .. (counter % 5) .. "&evidence=bench+" .. nonce .. "-" .. thread_index .. "-" .. counter
  return wrk.format("POST", engineer.path .. code .. "/", engineer.headers, body)
end
