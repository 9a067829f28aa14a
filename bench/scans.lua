-- wrk script: door devices POST badge readings to /api/v1/events/<slug>/scans, as a scanner app does.
-- BENCH_CODES: a file of badge codes (one a line); BENCH_TOKEN: a checkin token; BENCH_PATH: the URL path;
-- BENCH_PREFIX: makes the idempotency keys of this run unique.
-- The codes are shared out between wrk's threads (thread t reads codes t, t+n, t+2n, ...), so each badge is
-- scanned once (admitted) before any is scanned again (then: already, inside the repeat window).
-- Every request carries a new idempotency key, as a device sends with each reading.
local codes = {}
for line in io.lines(os.getenv("BENCH_CODES")) do
  if #line > 0 then table.insert(codes, line) end
end
local token = os.getenv("BENCH_TOKEN")
local path = os.getenv("BENCH_PATH")
local prefix = os.getenv("BENCH_PREFIX") or "bench"
local nthreads = tonumber(os.getenv("BENCH_THREADS") or "1")
local threads = {}

setup = function(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

init = function(args)
  counter = 0
  non200 = 0
  statuses = {}
end

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. token

request = function()
  local i = counter * nthreads + (tid or 0)
  counter = counter + 1
  local code = codes[(i % #codes) + 1]
  local body = '{"code":"' .. code .. '","place":"entrance","idempotency_key":"' .. prefix .. '-' ..
               (tid or 0) .. '-' .. counter .. '"}'
  return wrk.format(nil, path, nil, body)
end

response = function(status, headers, body)
  if status ~= 200 then
    non200 = non200 + 1
    statuses[status] = (statuses[status] or 0) + 1
  end
end

done = function(summary, latency, requests)
  local bad, by_status = 0, {}
  for _, thread in ipairs(threads) do
    bad = bad + (thread:get("non200") or 0)
    for status, n in pairs(thread:get("statuses") or {}) do
      by_status[status] = (by_status[status] or 0) + n
    end
  end
  local parts = {}
  for status, n in pairs(by_status) do table.insert(parts, status .. ":" .. n) end
  local secs = summary.duration / 1e6
  io.write(string.format("RESULT rps=%.1f p50=%.2f p95=%.2f p99=%.2f reqs=%d errors=%d non2xx=%d non200=%d statuses=%s\n",
    summary.requests / secs, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, bad, table.concat(parts, ",")))
end
