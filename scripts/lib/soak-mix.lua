-- wrk script for scripts/soak.sh: static files of three sizes and single-range requests on a large
-- file, in a fixed rotation. Counts any status other than 200 (whole file) or 206 (range).
local paths = { "/index.html", "/soak/small.txt", "/style.css", "/soak/medium.bin", "/soak/large.bin" }
local large = tonumber(os.getenv("SOAK_LARGE_BYTES") or "8388608")
n = 0
unexpected = 0 -- a global: done() reads it from each thread with thread:get
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

function init(args)
  math.randomseed(os.time() * 100 + id) -- each thread its own sequence of ranges
end

function request()
  n = n + 1
  local path = paths[(n % #paths) + 1]
  if path == "/soak/large.bin" then
    local first = math.random(0, large - 65537)
    local last = first + math.random(0, 65535)
    return wrk.format("GET", path, { ["Range"] = "bytes=" .. first .. "-" .. last })
  end
  return wrk.format("GET", path)
end

function response(status, headers, body)
  if status ~= 200 and status ~= 206 then
    unexpected = unexpected + 1
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("unexpected")
  end
  io.write(string.format("unexpected statuses: %d\n", total))
end
