-- wrk script: W1's storefront pages, each store visited with a shopper's real cart cookie.
--   wrk ... -s cart.lua BASE_URL -- LIST_FILE PATH
-- LIST_FILE: "HOST COOKIE" per line (made by bench-cart.sh, one cart per store).
-- Writes the same JSON summary as the peers' rotate.lua to $WRK_OUT.
local threads = {}
local reqs, n = {}, 0
statuses = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  local list, path = args[1], args[2]
  for line in io.lines(list) do
    local host, cookie = line:match("^(%S+)%s+(%S+)")
    if host then
      n = n + 1
      reqs[n] = wrk.format("GET", path, { Host = host, Cookie = cookie })
    end
  end
  assert(n > 0, "empty target list: " .. list)
  math.randomseed(os.time() + 7919 * id)
end

function request()
  return reqs[math.random(n)]
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local counts = {}
  for _, t in ipairs(threads) do
    for code, c in pairs(t:get("statuses")) do
      counts[code] = (counts[code] or 0) + c
    end
  end
  local parts = {}
  for code, c in pairs(counts) do parts[#parts + 1] = string.format('"%d":%d', code, c) end
  local out = assert(io.open(os.getenv("WRK_OUT"), "w"))
  out:write(string.format('{"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"status_counts":{%s}}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), table.concat(parts, ",")))
  out:close()
end
