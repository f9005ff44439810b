-- wrk script shared by bench/http/run.sh and bench/http/soak.sh.
--
-- Environment (read by every wrk thread):
--   PAL_BENCH_MODE     static (plain GET of the URL, for nginx) | get | put | mixed
--   PAL_BENCH_TOKENS   a Lua file defining `tokens = { "...", ... }` (get, put, mixed)
--   PAL_BENCH_PATH     the request path (get, put, mixed)
--   PAL_BENCH_PUT_EVERY mixed: one request in this many is a PUT, the others GETs (default 4)
--
-- get/put/mixed rotate over the tokens, so the load is spread over many principals.
-- done() prints one line that the shell scripts parse:
--   PALBENCH requests=N duration_us=D rps=R p50_us=.. p90_us=.. p99_us=.. max_us=..
--            errors_connect=.. errors_read=.. errors_write=.. errors_status=.. errors_timeout=..
-- (errors_status: responses with a status above 399; latencies of timed-out requests are
-- not recorded by wrk).

local mode = os.getenv("PAL_BENCH_MODE") or "static"
local path = os.getenv("PAL_BENCH_PATH") or "/"
local put_every = tonumber(os.getenv("PAL_BENCH_PUT_EVERY") or "4")

if mode ~= "static" then
  local file = os.getenv("PAL_BENCH_TOKENS")
  assert(file, "PAL_BENCH_TOKENS is not set")
  dofile(file)
  assert(tokens and #tokens > 0, "no tokens in " .. file)
end

local counter = 0

function init(args)
  -- Threads start at different principals.
  counter = math.random(0, 1000)
end

function request()
  if mode == "static" then
    return wrk.format("GET", path)
  end
  counter = counter + 1
  local headers = { ["Authorization"] = "Bearer " .. tokens[(counter % #tokens) + 1] }
  local method = "GET"
  if mode == "put" or (mode == "mixed" and counter % put_every == 0) then
    method = "PUT"
  end
  return wrk.format(method, path, headers)
end

function done(summary, latency, requests)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "PALBENCH requests=%d duration_us=%d rps=%.1f p50_us=%d p90_us=%d p99_us=%d max_us=%d " ..
    "errors_connect=%d errors_read=%d errors_write=%d errors_status=%d errors_timeout=%d\n",
    summary.requests, summary.duration, summary.requests / seconds,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.status, e.timeout))
end
