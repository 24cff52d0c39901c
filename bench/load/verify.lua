-- wrk script: GET PREFIX<token> (PREFIX: /verify/ unless VERIFY_PREFIX says otherwise) over the
-- tokens in TOKENS_FILE (one a line), each thread
-- starting at a different place; prints one machine-readable RESULT line at the end.
local prefix = os.getenv("VERIFY_PREFIX") or "/verify/"
local tokens = {}
for line in io.lines(os.getenv("TOKENS_FILE")) do tokens[#tokens + 1] = line end

local next_offset = 0
function setup(thread)
  next_offset = next_offset + 997
  thread:set("offset", next_offset)
end

local i = 0
function request()
  i = i + 1
  return wrk.format("GET", prefix .. tokens[((offset or 0) + i) % #tokens + 1])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_us=%d connect=%d read=%d write=%d status=%d timeout=%d " ..
    "p50_us=%d p90_us=%d p99_us=%d max_us=%d\n",
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
