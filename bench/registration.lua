-- wrk script: the public registration form, one new valid registration per request.
--
-- Sends what a browser sends: a multipart/form-data body with every field of the form (the photo
-- input empty), the CSRF token of one session and that session's cookie. The token stays valid
-- for the session (WTF_CSRF_TIME_LIMIT is None), so one GET before the run serves every request.
--
-- Environment (set by bench/registration.py):
--   BENCH_PATH      the form's path, e.g. /e/ga81/register
--   BENCH_COOKIE    "session=..." from the GET
--   BENCH_CSRF      the csrf_token field's value from that GET
--   BENCH_SUBMISSION  the form's key (its hidden field "submission") from that GET, sent back as a browser does
--   BENCH_PREFIX    start of every email address, unique per run (the rows are counted by it)
--   BENCH_SESSIONS  comma-separated ids of sessions open for choice to every category
--
-- Each request's email is <prefix>-t<thread>-<counter>@example.org; names cycle through several
-- scripts, countries through 40 delegations (with a phone number valid for each), categories
-- through the self-registration ones. Counts the answers that are not 303 and prints a RESULT line.

local path = os.getenv("BENCH_PATH") or "/e/ga81/register"
local cookie = os.getenv("BENCH_COOKIE") or ""
local csrf = os.getenv("BENCH_CSRF") or ""
local submission = os.getenv("BENCH_SUBMISSION") or ""
local prefix = os.getenv("BENCH_PREFIX") or "bench"
local sessions = {}
for id in string.gmatch(os.getenv("BENCH_SESSIONS") or "", "[^,]+") do
  table.insert(sessions, id)
end

local GIVEN = {"Łukasz", "José", "Zoë", "Олена", "محمد", "Γιάννης", "Nguyễn Văn", "Fatoumata", "Søren",
               "Ayşe", "Хироси", "आरती", "美玲", "Émilie", "Kwame", "Ngozi", "Björn", "ليلى"}
local FAMILY = {"Żółć", "García López", "Müller", "Коваленко", "الراشد", "Παπαδόπουλος", "Trần", "Traoré",
                "Ødegård", "Yılmaz", "Накамура", "शर्मा", "王", "Dubois", "Mensah", "Okonkwo", "Svensson",
                "O'Sullivan", "بن علي"}
-- alpha-3 code and a mobile number valid there (libphonenumber's example numbers)
local COUNTRIES = {
  {"POL", "+48 512 345 678"}, {"ARE", "+971 50 123 4567"}, {"FRA", "+33 6 12 34 56 78"},
  {"ESP", "+34 612 34 56 78"}, {"MAR", "+212 6 50 12 34 56"}, {"EGY", "+20 10 01234567"},
  {"JPN", "+81 90-1234-5678"}, {"CHN", "+86 131 2345 6789"}, {"RUS", "+7 912 345-67-89"},
  {"GRC", "+30 691 234 5678"}, {"BRA", "+55 11 96123-4567"}, {"ARG", "+54 9 11 2345-6789"},
  {"MEX", "+52 222 123 4567"}, {"KEN", "+254 712 123456"}, {"NGA", "+234 802 123 4567"},
  {"SEN", "+221 70 123 45 67"}, {"CIV", "+225 01 23 45 6789"}, {"IND", "+91 81234 56789"},
  {"VNM", "+84 912 345 678"}, {"TUR", "+90 501 234 56 78"}, {"DEU", "+49 1512 3456789"},
  {"ITA", "+39 312 345 6789"}, {"GBR", "+44 7400 123456"}, {"USA", "+1 201-555-0123"},
  {"CAN", "+1 506-234-5678"}, {"AUS", "+61 412 345 678"}, {"ZAF", "+27 71 123 4567"},
  {"SAU", "+966 51 234 5678"}, {"JOR", "+962 7 9012 3456"}, {"LBN", "+961 71 123 456"},
  {"UKR", "+380 50 123 4567"}, {"KAZ", "+7 771 000 9998"}, {"IDN", "+62 812-345-678"},
  {"THA", "+66 81 234 5678"}, {"KOR", "+82 10-2000-0000"}, {"CHL", "+56 2 2123 4567"},
  {"COL", "+57 321 1234567"}, {"PER", "+51 912 345 678"}, {"NOR", "+47 40 61 23 45"},
  {"FIN", "+358 41 2345678"},
}
-- the demo's self-registration categories, Delegate most often: Minister, Head of Delegation,
-- Delegate, Observer, Speaker, Media, Guest
local CATEGORIES = {"3", "3", "3", "3", "2", "1", "4", "5", "6", "10"}
local TITLES = {"", "Mr", "Ms", "Dr", "H.E.", "Insp."}
local LANGUAGES = {"en", "fr", "es", "ar"}
local DIETARY = {"none", "none", "vegetarian", "halal", "gluten_free", "kosher", "vegan"}
local HOTELS = {"", "1", "2", "3", "4"}

-- a new boundary in every request, as a browser makes one for every form it sends (Chromium:
-- "----WebKitFormBoundary" and 16 random characters); a parser that compiles a pattern per boundary pays it
local BOUNDARY

local threads = {}
local thread_count = 0

setup = function(thread)
  thread_count = thread_count + 1
  thread:set("tid", thread_count)
  table.insert(threads, thread)
end

init = function(args)
  counter = 0
  non303 = 0
  statuses = {}
  sample = nil
end

local function pick(list, i)
  return list[(i % #list) + 1]
end

local function part(name, value)
  return "--" .. BOUNDARY .. "\r\nContent-Disposition: form-data; name=\"" .. name .. "\"\r\n\r\n"
         .. value .. "\r\n"
end

request = function()
  counter = counter + 1
  local i = counter * 7 + tid  -- so that the two threads do not walk the lists in step
  BOUNDARY = string.format("----WebKitFormBoundary%02x%06x%08x", tid, counter, math.random(0, 0x7fffffff))
  local country = pick(COUNTRIES, i)
  local parts = {
    part("csrf_token", csrf),
    part("submission", submission),
    part("title", pick(TITLES, i)),
    part("given_name", pick(GIVEN, i)),
    part("family_name", pick(FAMILY, i * 3)),
    part("badge_name", ""),
    part("country", country[1]),
    part("category", pick(CATEGORIES, i)),
    part("function", "Adviser"),
    part("organisation", "National Central Bureau"),
    part("email", prefix .. "-t" .. tid .. "-" .. counter .. "@example.org"),
    part("phone", (i % 3 == 0) and "" or country[2]),
    -- the photo input left empty, as a browser sends it
    "--" .. BOUNDARY .. "\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"\"\r\n"
      .. "Content-Type: application/octet-stream\r\n\r\n\r\n",
    part("ui_language", pick(LANGUAGES, i)),
    part("interpretation_language", pick({"", "en", "fr", "es", "ar"}, i * 5)),
    part("dietary", pick(DIETARY, i)),
    part("dietary_other", ""),
    part("accessibility", (i % 11 == 0) and "Step-free access to the plenary hall, please." or ""),
    part("arrival_date", (i % 2 == 0) and "2012-11-04" or ""),
    part("arrival_time", (i % 2 == 0) and "14:35" or ""),
    part("arrival_flight", (i % 2 == 0) and "AZ 611" or ""),
    part("arrival_airport", (i % 2 == 0) and "FCO" or ""),
    part("departure_date", (i % 2 == 0) and "2012-11-09" or ""),
    part("departure_time", (i % 2 == 0) and "10:05" or ""),
    part("departure_flight", (i % 2 == 0) and "AZ 610" or ""),
    part("departure_airport", (i % 2 == 0) and "FCO" or ""),
    part("hotel", pick(HOTELS, i)),
  }
  if #sessions > 0 and i % 2 == 1 then
    table.insert(parts, part("sessions", pick(sessions, i)))
    table.insert(parts, part("sessions", pick(sessions, i + 1)))
  end
  if i % 4 == 0 then
    table.insert(parts, part("consent_to_publish", "y"))
  end
  table.insert(parts, part("submit", "Register"))
  table.insert(parts, "--" .. BOUNDARY .. "--\r\n")
  local headers = {
    ["Content-Type"] = "multipart/form-data; boundary=" .. BOUNDARY,
    ["Cookie"] = cookie,
  }
  return wrk.format("POST", path, headers, table.concat(parts))
end

response = function(status, headers, body)
  if status ~= 303 then
    non303 = non303 + 1
    statuses[status] = (statuses[status] or 0) + 1
    if sample == nil then
      sample = string.sub(body or "", 1, 4000)
    end
  end
end

done = function(summary, latency, requests)
  local bad, by_status, first = 0, {}, nil
  for _, thread in ipairs(threads) do
    bad = bad + (thread:get("non303") or 0)
    for status, n in pairs(thread:get("statuses") or {}) do
      by_status[status] = (by_status[status] or 0) + n
    end
    first = first or thread:get("sample")
  end
  local parts = {}
  for status, n in pairs(by_status) do
    table.insert(parts, status .. ":" .. n)
  end
  local secs = summary.duration / 1e6
  io.write(string.format("RESULT rps=%.1f p50=%.2f p95=%.2f p99=%.2f reqs=%d errors=%d non2xx=%d non303=%d statuses=%s\n",
    summary.requests / secs, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, bad, table.concat(parts, ",")))
  if first then
    io.write("SAMPLE_NON303_BODY_BEGIN\n" .. first .. "\nSAMPLE_NON303_BODY_END\n")
  end
end
