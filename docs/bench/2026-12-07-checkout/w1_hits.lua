-- W1 (GET /shop/products, Host rotated over the bench stores) counting how the page cache
-- answered each request, from its x-cache header. A line of the target list is "HOST" or
-- "HOST PATH" (PATH instead of /shop/products), so it also reads every product page.
--   wrk -t1 -c64 -d10s -s w1_hits.lua http://127.0.0.1:8031 -- ../../../../shared/peers/bench/hosts/subdomain.txt
local threads = {}
local requests, count = {}, 0

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(args[1]) do
    local host, path = line:match("^(%S+)%s*(%S*)")
    if host then
      count = count + 1
      requests[count] = wrk.format("GET", path ~= "" and path or "/shop/products", { Host = host })
    end
  end
  assert(count > 0, "no hosts in " .. args[1])
  hit, miss, other = 0, 0, 0
  math.randomseed(os.time())
end

function request()
  return requests[math.random(count)]
end

function response(status, headers, body)
  local how = headers["x-cache"] or headers["X-Cache"]
  if status == 200 and how == "hit" then
    hit = hit + 1
  elseif status == 200 and how == "miss" then
    miss = miss + 1
  else
    other = other + 1
  end
end

function done(summary, latency, reqs)
  local h, m, o = 0, 0, 0
  for _, t in ipairs(threads) do
    h, m, o = h + t:get("hit"), m + t:get("miss"), o + t:get("other")
  end
  local all = h + m + o
  io.write(string.format("x-cache: %d hit, %d miss, %d other; hit ratio %.4f; %.0f req/s; p99 %.2f ms\n",
    h, m, o, all > 0 and h / all or 0, summary.requests / (summary.duration / 1e6), latency:percentile(99) / 1000))
end
