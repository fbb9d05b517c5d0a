-- wrk script of W7, the long tail: each request picks a store from a Zipf distribution
-- (s = 1.0) over STORES stores (rank k is store s%06d, k = 1..STORES, as
-- `arcade seed --stores` numbers them on an empty database), then one of its storefront
-- pages at random: home, product list, or one of its PRODUCTS products.
--   WRK_OUT=out.json wrk ... -s zipf.lua BASE_URL -- STORES PRODUCTS [uniform]
-- With `uniform`, each request is instead the product list of a store drawn uniformly:
-- nearly every store is one no cache has seen.
-- done() writes a JSON summary: latency, statuses, and the page cache's answers as the
-- server's `x-cache` header counted them (hit / miss; none = not cacheable).
local threads = {}
statuses = {}
cache = { hit = 0, miss = 0, none = 0 }
local cdf, n, per, uniform

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  n, per, uniform = tonumber(args[1]), tonumber(args[2]), args[3] == "uniform"
  assert(n and per, "usage: -- STORES PRODUCTS [uniform]")
  math.randomseed(os.time() + 7919 * id)
  if uniform then return end
  cdf = {}
  local sum = 0
  for k = 1, n do
    sum = sum + 1 / k
    cdf[k] = sum
  end
  for k = 1, n do cdf[k] = cdf[k] / sum end
end

-- The rank whose cumulative probability first reaches a uniform draw (binary search).
local function rank()
  local u, lo, hi = math.random(), 1, n
  while lo < hi do
    local mid = math.floor((lo + hi) / 2)
    if cdf[mid] < u then lo = mid + 1 else hi = mid end
  end
  return lo
end

function request()
  if uniform then
    return wrk.format("GET", "/shop/products", { Host = string.format("s%06d.platform.test", math.random(n)) })
  end
  local k = rank()
  local page = math.random(3)
  local path
  if page == 1 then
    path = "/"
  elseif page == 2 then
    path = "/shop/products"
  else
    path = "/shop/products/" .. ((k - 1) * per + math.random(per))
  end
  return wrk.format("GET", path, { Host = string.format("s%06d.platform.test", k) })
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  local c = headers["x-cache"] or headers["X-Cache"]
  if c == "hit" then cache.hit = cache.hit + 1
  elseif c == "miss" then cache.miss = cache.miss + 1
  else cache.none = cache.none + 1 end
end

function done(summary, latency, requests)
  local counts, hits, misses, none = {}, 0, 0, 0
  for _, t in ipairs(threads) do
    for code, c in pairs(t:get("statuses")) do counts[code] = (counts[code] or 0) + c end
    local c = t:get("cache")
    hits, misses, none = hits + c.hit, misses + c.miss, none + c.none
  end
  local parts = {}
  for code, c in pairs(counts) do parts[#parts + 1] = string.format('"%d":%d', code, c) end
  local e = summary.errors
  local out = assert(io.open(os.getenv("WRK_OUT"), "w"))
  out:write(string.format(
    '{"requests":%d,"duration_us":%d,"rps":%.1f,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,'
      .. '"status_counts":{%s},"cache":{"hit":%d,"miss":%d,"none":%d,"hit_ratio":%.4f},'
      .. '"socket_errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d}}\n',
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    table.concat(parts, ","), hits, misses, none, hits / math.max(1, hits + misses),
    e.connect, e.read, e.write, e.timeout))
  out:close()
end
