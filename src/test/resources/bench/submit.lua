-- wrk script: each request submits a new invoice with its own Idempotency-Key and its own number.
-- Set by the harness through the environment: FL_TOKEN, FL_CLIENT, FL_DEBTOR, FL_ISSUE, FL_RUN.
local token = os.getenv("FL_TOKEN")
local client = os.getenv("FL_CLIENT")
local debtor = os.getenv("FL_DEBTOR")
local issue = os.getenv("FL_ISSUE")
local run = os.getenv("FL_RUN")
local threads = {}
local counter = 0
local prefix = "T"

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  prefix = run .. "-" .. tostring(id) .. "-"
end

function request()
  counter = counter + 1
  local number = prefix .. tostring(counter)
  local body = '{"clientId":"' .. client .. '","debtorId":"' .. debtor .. '","number":"' .. number ..
      '","issueDate":"' .. issue .. '","termsDays":30,"faceAmount":{"amount":"1234.56","currency":"USD"}}'
  local headers = {}
  headers["Authorization"] = "Bearer " .. token
  headers["Idempotency-Key"] = "bench-" .. number
  headers["Content-Type"] = "application/json"
  return wrk.format("POST", "/api/v1/invoices", headers, body)
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format("FL_RESULT requests=%d duration_us=%d non2xx=%d connect=%d read=%d write=%d timeout=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d\n",
    summary.requests, summary.duration, errors.status, errors.connect, errors.read, errors.write, errors.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
