-- wrk script for the flood check: counts responses by status; FLOOD_METHOD/FLOOD_PATH/FLOOD_BODY
-- choose the request. Prints one STATUS line (status=count ...) at the end.
local method = os.getenv("FLOOD_METHOD") or "GET"
local path = os.getenv("FLOOD_PATH") or "/"
local body = os.getenv("FLOOD_BODY")
local headers = {}
if body then headers["Content-Type"] = "application/x-www-form-urlencoded" end
if os.getenv("FLOOD_COOKIE") then headers["Cookie"] = os.getenv("FLOOD_COOKIE") end

local threads = {}
function setup(thread) table.insert(threads, thread) end

counts = {}
function request() return wrk.format(method, path, headers, body) end
function response(status, _headers, _body) counts[status] = (counts[status] or 0) + 1 end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("counts")) do total[status] = (total[status] or 0) + n end
  end
  local parts = {}
  for status, n in pairs(total) do table.insert(parts, status .. "=" .. n) end
  io.write("STATUS " .. table.concat(parts, " ") .. "\n")
end
